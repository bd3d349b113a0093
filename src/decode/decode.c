/* placeholder: decode/decode.c is being written */
