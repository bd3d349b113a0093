/* placeholder: capture/pcap-file.c is being written */
