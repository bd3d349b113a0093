/* placeholder: decode/sctp.c is being written */
