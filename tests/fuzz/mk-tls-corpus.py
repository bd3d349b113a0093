#!/usr/bin/env python3
"""mk-tls-corpus.py - seed inputs for fuzz_tls from pcaps with TLS, through tshark.

Usage: mk-tls-corpus.py OUTDIR PCAP...

For each pcap, the first TCP connection with TLS on it: byte 0 is the mode (JA3, JA4 and
EOF on: 0x07), then one chunk per packet payload: a control byte (1 when the packet comes
from the server, i.e. goes to the client), a 2-byte big-endian length and the payload
bytes (fuzz_tls.c's format). A second input cuts every payload in 7-byte chunks so split
records and headers are seeded too. Inputs are capped at 16 KiB.
"""
import hashlib
import os
import subprocess
import sys


def payloads(pcap):
    out = subprocess.run(['tshark', '-r', pcap, '-Y', 'tls && tcp.payload', '-T', 'fields',
                          '-e', 'tcp.stream', '-e', 'tcp.srcport', '-e', 'tcp.dstport',
                          '-e', 'tls.handshake.type', '-e', 'tcp.payload'],
                         capture_output=True, text=True).stdout
    stream, server_port = None, None
    for line in out.splitlines():
        parts = line.split('\t')
        if len(parts) < 5 or not parts[4]:
            continue
        if stream is None:
            stream = parts[0]
            # the first TLS packet is normally the client's hello
            server_port = parts[2] if parts[3].split(',')[0] != '2' else parts[1]
        if parts[0] != stream:
            continue
        yield (1 if parts[1] == server_port else 0), bytes.fromhex(parts[4].replace(':', ''))


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for pcap in sys.argv[2:]:
        chunks = list(payloads(pcap))
        for step in (65536, 7):
            blob = bytes([0x07])
            for d, data in chunks:
                for i in range(0, len(data), step):
                    part = data[i:i + step]
                    c = bytes([d, len(part) >> 8, len(part) & 0xff]) + part
                    if len(blob) + len(c) > 16384:
                        break
                    blob += c
            if len(blob) > 1:
                name = hashlib.sha1(blob).hexdigest()[:16]
                with open(os.path.join(outdir, name), 'wb') as f:
                    f.write(blob)


if __name__ == '__main__':
    main()
