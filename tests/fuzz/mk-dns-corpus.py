#!/usr/bin/env python3
"""mk-dns-corpus.py - seed inputs for fuzz_dns from pcaps with DNS, through tshark.

Usage: mk-dns-corpus.py OUTDIR PCAP...

For each pcap, one input per transport seen (UDP and TCP on port 53): byte 0 is the mode
(bit 0 TCP), then one chunk per packet payload: a control byte (0x80 when the packet comes
from port 53, i.e. to the client), a 2-byte big-endian length and the payload bytes
(fuzz_dns.c's format). Inputs are capped at 16 KiB.
"""
import hashlib
import os
import subprocess
import sys


def chunks(pcap, proto):
    fields = ['-e', proto + '.srcport', '-e', proto + '.payload' if proto == 'udp' else 'tcp.payload']
    out = subprocess.run(['tshark', '-r', pcap, '-Y', proto + '.port == 53 && ' + proto + '.payload',
                          '-T', 'fields'] + fields, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split('\t')
        if len(parts) < 2 or not parts[1]:
            continue
        data = bytes.fromhex(parts[1].replace(':', ''))
        ctl = 0x80 if parts[0] == '53' else 0
        yield bytes([ctl, len(data) >> 8, len(data) & 0xff]) + data


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for pcap in sys.argv[2:]:
        for mode, proto in ((0, 'udp'), (1, 'tcp')):
            blob = bytes([mode])
            for c in chunks(pcap, proto):
                if len(blob) + len(c) > 16384:
                    break
                blob += c
            if len(blob) > 1:
                name = hashlib.sha1(blob).hexdigest()[:16]
                with open(os.path.join(outdir, name), 'wb') as f:
                    f.write(blob)


if __name__ == '__main__':
    main()
