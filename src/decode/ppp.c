/* placeholder: decode/ppp.c is being written */
