/* placeholder: decode/ipv4.c is being written */
