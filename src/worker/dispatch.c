/* placeholder: worker/dispatch.c is being written */
