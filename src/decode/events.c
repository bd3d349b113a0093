/* placeholder: decode/events.c is being written */
