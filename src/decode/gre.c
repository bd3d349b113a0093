/* placeholder: decode/gre.c is being written */
