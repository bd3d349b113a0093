/* placeholder: decode/erspan.c is being written */
