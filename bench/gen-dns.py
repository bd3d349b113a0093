#!/usr/bin/env python3
"""gen-dns.py - a DNS-heavy pcap for throughput runs (deterministic for a seed).

Usage: gen-dns.py OUT.pcap [PACKETS] [SEED]   (default 200000 packets, seed 1)

UDP DNS between 2,000 clients and 8 resolvers: each exchange is a query (A 60%, AAAA 25%,
HTTPS 5%, MX 5%, TXT 5%) for a random name of a few labels under common and random
domains, then a response with 1-6 answers (CNAME chains, addresses, compressed names) and
an OPT additional record. Ethernet/IPv4/UDP, checksums not computed (zero for UDP, as
allowed), 20k exchanges per second of packet time. Standard library only.
"""
import random
import struct
import sys

TLDS = ["com", "net", "org", "io", "de", "co.uk", "info"]
WORDS = ["www", "api", "cdn", "mail", "static", "login", "update", "img", "edge", "m",
         "assets", "auth", "files", "download", "data", "telemetry"]
TYPES = [(1, 60), (28, 25), (65, 5), (15, 5), (16, 5)]


def name(rng):
    labels = [rng.choice(WORDS)]
    if rng.random() < 0.5:
        labels.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                              for _ in range(rng.randint(4, 16))))
    labels.append(rng.choice(["google", "example", "cloudfront", "akamai", "suricata",
                              "microsoft", "apple", "github"] + ["d%05d" % rng.randint(0, 99999)]))
    return ".".join(labels) + "." + rng.choice(TLDS)


def wire_name(n):
    out = b""
    for label in n.split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def pick_type(rng):
    r = rng.randint(1, 100)
    for t, w in TYPES:
        if r <= w:
            return t
        r -= w
    return 1


def query(rng, qid, qname, qtype):
    return struct.pack(">6H", qid, 0x0100, 1, 0, 0, 1) + wire_name(qname) + \
        struct.pack(">HH", qtype, 1) + b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)


def response(rng, qid, qname, qtype):
    body = wire_name(qname) + struct.pack(">HH", qtype, 1)
    answers = b""
    n = 0
    owner = 0xc00c
    if rng.random() < 0.4:
        target = "edge%d.%s" % (rng.randint(1, 99), rng.choice(["akamaiedge.net", "cloudfront.net"]))
        rdata = wire_name(target)
        answers += struct.pack(">HHHIH", owner, 5, 1, rng.randint(30, 3600), len(rdata)) + rdata
        owner = 0xc000 | (12 + len(body) + 12)
        n += 1
    for _ in range(rng.randint(1, 5)):
        if qtype == 28:
            rdata = bytes(rng.getrandbits(8) for _ in range(16))
            t = 28
        elif qtype == 15:
            rdata = struct.pack(">H", 10) + wire_name("mx%d.%s" % (n, qname))
            t = 15
        elif qtype == 16:
            txt = b"v=spf1 include:_spf.example.com ~all"
            rdata = bytes([len(txt)]) + txt
            t = 16
        else:
            rdata = bytes(rng.getrandbits(8) for _ in range(4))
            t = 1
        answers += struct.pack(">HHHIH", owner, t, 1, rng.randint(30, 3600), len(rdata)) + rdata
        n += 1
    return struct.pack(">6H", qid, 0x8180, 1, n, 0, 1) + body + answers + \
        b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)


def frame(src, dst, sport, dport, payload, ipid):
    udp = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ipid & 0xffff, 0, 64, 17, 0,
                     bytes(src), bytes(dst))
    s = sum(struct.unpack(">10H", ip))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack(">H", ~s & 0xffff) + ip[12:]
    return b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00" + ip + udp


def main():
    out = sys.argv[1]
    packets = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    ts = 1700000000 * 1000000
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(packets // 2):
            client = [10, 1, (i % 2000) // 250, (i % 2000) % 250 + 1]
            resolver = [192, 0, 2, 1 + rng.randint(0, 7)]
            sport = 1024 + rng.randint(0, 60000)
            qid = rng.getrandbits(16)
            qname = name(rng)
            qtype = pick_type(rng)
            for pkt in (frame(client, resolver, sport, 53, query(rng, qid, qname, qtype), i),
                        frame(resolver, client, 53, sport, response(rng, qid, qname, qtype), i)):
                ts += 25
                f.write(struct.pack("<IIII", ts // 1000000, ts % 1000000, len(pkt), len(pkt)))
                f.write(pkt)


if __name__ == "__main__":
    main()
