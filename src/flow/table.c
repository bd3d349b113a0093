/* placeholder: flow/table.c is being written */
