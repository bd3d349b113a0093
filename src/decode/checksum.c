/* placeholder: decode/checksum.c is being written */
