#!/usr/bin/env python3
"""mk-http-corpus.py - seed inputs for fuzz_http: from pcaps with HTTP (through tshark) and a
few hand-written exchanges.

Usage: mk-http-corpus.py OUTDIR [PCAP...]

Per pcap, the first TCP stream with port 80 becomes one chunk-mode input (byte 0 = 2, then
per packet payload a control byte, 0x80 when it comes from port 80, a 2-byte big-endian
length and the bytes), plus one request-only (mode 0) and one response-only (mode 1)
input with each direction's bytes concatenated. Inputs are capped at 16 KiB.
"""
import hashlib
import os
import subprocess
import sys

CAP = 16384

SEEDS = [
    (0, b"GET /a/../b%20c?x=%41 HTTP/1.1\r\nHost: ex.com:81\r\nUser-Agent: u\r\nCookie: c=1\r\n\r\n"),
    (0, b"POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e\r\nabc\r\n0\r\nT: x\r\n\r\n"),
    (0, b"  GET  //x\\y HTTP/1.0\nHost : a\nNoColon\nF: a\n\tb\nContent-Length: 2\nContent-Length: 3\n\nab"),
    (0, b"CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n"),
    (0, b"GET /nine\r\n"),
    (1, b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"),
    (1, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nrest"),
    (1, b"HTTP/1.0 302 Found\r\nLocation: /x\r\nContent-Type: text/html; a=b\r\n\r\nbody until close"),
    (6, b"\x00\x00\x1cGET / HTTP/1.1\r\nHost: h\r\n\r\n\x80\x00\x2dHTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n"
        b"\xc0\x00\x10"),
]


def payloads(pcap):
    out = subprocess.run(['tshark', '-r', pcap, '-Y', 'tcp.port == 80 && tcp.len > 0 && tcp.stream == 0',
                          '-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.payload'],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split('\t')
        if len(parts) < 2 or not parts[1]:
            continue
        yield parts[0] == '80', bytes.fromhex(parts[1].replace(':', ''))


def save(outdir, data):
    data = data[:CAP]
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(outdir, name), 'wb') as f:
        f.write(data)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for mode, body in SEEDS:
        save(outdir, bytes([mode]) + body)
    for pcap in sys.argv[2:]:
        mixed, req, resp = bytearray([2]), bytearray([0]), bytearray([1])
        for to_client, data in payloads(pcap):
            mixed += bytes([0x80 if to_client else 0, len(data) >> 8, len(data) & 0xff]) + data
            (resp if to_client else req).extend(data)
        if len(mixed) > 1:
            for d in (mixed, req, resp):
                save(outdir, bytes(d))


if __name__ == '__main__':
    main()
