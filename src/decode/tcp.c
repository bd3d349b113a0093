/* placeholder: decode/tcp.c is being written */
