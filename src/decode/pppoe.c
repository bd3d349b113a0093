/* placeholder: decode/pppoe.c is being written */
