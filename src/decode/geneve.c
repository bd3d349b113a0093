/* placeholder: decode/geneve.c is being written */
