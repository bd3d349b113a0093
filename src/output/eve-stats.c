/* placeholder: output/eve-stats.c is being written */
