/* placeholder: decode/tunnel.c is being written */
