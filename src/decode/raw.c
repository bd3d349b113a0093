/* placeholder: decode/raw.c is being written */
