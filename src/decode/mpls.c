/* placeholder: decode/mpls.c is being written */
