/* placeholder: conf/conf-yaml.c is being written */
