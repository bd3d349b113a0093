/* placeholder: decode/icmpv6.c is being written */
