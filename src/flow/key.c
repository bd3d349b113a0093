/* placeholder: flow/key.c is being written */
