/* placeholder: output/eve-flow.c is being written */
