/* placeholder: decode/vxlan.c is being written */
