/* placeholder: decode/teredo.c is being written */
