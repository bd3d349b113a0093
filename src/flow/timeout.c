/* placeholder: flow/timeout.c is being written */
