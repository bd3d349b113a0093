/* placeholder: conf/conf.c is being written */
