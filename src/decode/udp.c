/* placeholder: decode/udp.c is being written */
