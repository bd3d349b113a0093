/* placeholder: output/community-id.c is being written */
