/* placeholder: decode/null.c is being written */
