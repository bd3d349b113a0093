/* placeholder: output/eve.c is being written */
