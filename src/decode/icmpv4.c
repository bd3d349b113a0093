/* placeholder: decode/icmpv4.c is being written */
