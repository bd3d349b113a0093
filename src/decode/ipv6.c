/* placeholder: decode/ipv6.c is being written */
