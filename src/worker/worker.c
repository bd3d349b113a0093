/* placeholder: worker/worker.c is being written */
