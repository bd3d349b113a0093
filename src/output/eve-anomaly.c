/* placeholder: output/eve-anomaly.c is being written */
