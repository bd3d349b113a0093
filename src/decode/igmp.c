/* placeholder: decode/igmp.c is being written */
