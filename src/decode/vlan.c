/* placeholder: decode/vlan.c is being written */
