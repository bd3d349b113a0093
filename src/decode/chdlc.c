/* placeholder: decode/chdlc.c is being written */
