/* placeholder: decode/defrag.c is being written */
