#!/usr/bin/env python3
"""make_sample.py - generate samples/sample.pcap, the capture bundled with Vigie.

A small, deterministic, realistic mix of office traffic (Python standard library only;
packet builders in tests/pcap/craft.py): HTTP-like TCP sessions with handshake, request,
response and teardown, one reset connection, DNS queries and answers over UDP, ICMP echo
request/reply, a session on VLAN 100, an IPv6 TCP session and an ICMPv6 ping, plus two
malformed packets (an IPv4 packet whose total length exceeds the captured data, and one
whose header length field is too small). Run from anywhere:
    python3 samples/make_sample.py [OUTPUT]    (default samples/sample.pcap)
"""

import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "pcap"))
import craft as c  # noqa: E402

CLIENTS = ["192.168.1.%d" % i for i in (10, 11, 12, 23, 42)]
SERVERS = ["93.184.216.34", "151.101.1.69", "140.82.121.4", "10.0.0.80"]
DNS = "192.168.1.1"
NAMES = ["example.com", "www.debian.org", "github.com", "intranet.corp", "updates.vendor.net"]


def http_session(rnd, cli, srv, sport, vlans=(), v6=False):
    s = c.TcpSession(cli, srv, sport, 80, vlans=vlans, isn_c=rnd.randrange(1 << 32),
                     isn_s=rnd.randrange(1 << 32), v6=v6)
    host = rnd.choice(NAMES)
    req = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: vigie-sample/1.0\r\n"
           "Accept: */*\r\n\r\n" % (rnd.choice(["", "index.html", "api/v1/status", "img/logo.png"]),
                                    host)).encode()
    body = bytes(rnd.randrange(32, 127) for _ in range(rnd.randrange(200, 3000)))
    resp = ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
            % len(body)).encode() + body
    frames = s.handshake() + s.data(True, req)
    for i in range(0, len(resp), 1400):
        frames += s.data(False, resp[i:i + 1400])
    return frames + s.close()


def dns_exchange(rnd, cli):
    txid = rnd.randrange(1 << 16)
    name = rnd.choice(NAMES)
    sport = rnd.randrange(30000, 60000)
    q = c.ethernet(c.ipv4(cli, DNS, c.PROTO_UDP, c.udp(cli, DNS, sport, 53, c.dns_query(txid, name))))
    a = c.ethernet(c.ipv4(DNS, cli, c.PROTO_UDP, c.udp(DNS, cli, 53, sport,
                                                       c.dns_answer_a(txid, name, rnd.choice(SERVERS)))),
                   src="66:77:88:99:aa:bb", dst="00:11:22:33:44:55")
    return [q, a]


def ping(cli, srv, ident, count):
    frames = []
    for seq in range(1, count + 1):
        data = bytes(range(48))
        frames.append(c.ethernet(c.ipv4(cli, srv, c.PROTO_ICMP, c.icmp_echo(ident, seq, data))))
        frames.append(c.ethernet(c.ipv4(srv, cli, c.PROTO_ICMP, c.icmp_echo(ident, seq, data, True))))
    return frames


def ping6(cli, srv, ident, count):
    frames = []
    for seq in range(1, count + 1):
        data = b"vigie" * 8
        frames.append(c.ethernet(c.ipv6(cli, srv, c.PROTO_ICMPV6,
                                        c.icmpv6_echo(cli, srv, ident, seq, data)), c.ETH_IPV6))
        frames.append(c.ethernet(c.ipv6(srv, cli, c.PROTO_ICMPV6,
                                        c.icmpv6_echo(srv, cli, ident, seq, data, True)), c.ETH_IPV6))
    return frames


def malformed():
    seg = c.udp("192.168.1.66", DNS, 5353, 53, b"x" * 20)
    trunc = c.ethernet(c.ipv4("192.168.1.66", DNS, c.PROTO_UDP, seg, total_length=400))
    ip = c.ipv4("192.168.1.67", DNS, c.PROTO_UDP, c.udp("192.168.1.67", DNS, 5354, 53, b"y" * 8))
    bad_hlen = c.ethernet(bytes([0x43]) + ip[1:])
    return [trunc, bad_hlen]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "sample.pcap")
    rnd = random.Random(20251125)
    conversations = []
    for i in range(24):
        conversations.append(http_session(rnd, rnd.choice(CLIENTS), rnd.choice(SERVERS),
                                          40000 + i))
    for _ in range(30):
        conversations.append(dns_exchange(rnd, rnd.choice(CLIENTS)))
    s = c.TcpSession("192.168.1.42", "10.0.0.80", 45999, 8443)
    conversations.append(s.handshake() + s.data(True, b"\x16\x03\x01hello") + s.reset(False))
    conversations.append(http_session(rnd, "10.1.100.5", "10.1.100.1", 51000, vlans=(100,)))
    conversations.append(http_session(rnd, "2001:db8:1::10", "2001:db8:2::80", 52000, v6=True))
    conversations.append(ping("192.168.1.10", "8.8.8.8", 0x1234, 4))
    conversations.append(ping6("2001:db8:1::10", "2001:db8:2::1", 0x77, 3))
    conversations.append(malformed())

    # interleave the conversations the way a capture sees them, in time order
    t = 1764064800.0  # 2025-11-25T10:00:00Z
    packets = []
    queues = [list(conv) for conv in conversations]
    while any(queues):
        q = rnd.choice([q for q in queues if q])
        t += rnd.uniform(0.0002, 0.02)
        packets.append((t, q.pop(0)))
    c.write_pcap(out, packets)
    print("wrote %s: %d packets, %d bytes" % (out, len(packets), os.path.getsize(out)))


if __name__ == "__main__":
    main()
