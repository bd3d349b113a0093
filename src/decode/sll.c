/* placeholder: decode/sll.c is being written */
