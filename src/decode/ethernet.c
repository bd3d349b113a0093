/* placeholder: decode/ethernet.c is being written */
