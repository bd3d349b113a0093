#!/usr/bin/env python3
"""make_cases.py - regenerate the crafted captures of the pcap integration cases.

Each function below writes the input of one case directory (input.pcap, input.pcapng or
input/); the case's expect.json, args and config.yaml are written by hand beside it. The
output is deterministic, so rerunning this script leaves the committed files unchanged.
Usage: python3 tests/pcap/make_cases.py
"""

import os

import craft as c

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1764064800.0  # 2025-11-25T10:00:00Z


def path(case, name="input.pcap"):
    d = os.path.join(HERE, case)
    os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
    return os.path.join(d, name)


def dns_pair(cli, srv, sport, txid, name="example.com"):
    q = c.ethernet(c.ipv4(cli, srv, c.PROTO_UDP, c.udp(cli, srv, sport, 53,
                                                        c.dns_query(txid, name))))
    a = c.ethernet(c.ipv4(srv, cli, c.PROTO_UDP, c.udp(srv, cli, 53, sport,
                                                        c.dns_answer_a(txid, name, "93.184.216.34"))))
    return [q, a]


def tcp_full(cli, srv, sport, dport, vlans=(), v6=False):
    s = c.TcpSession(cli, srv, sport, dport, vlans=vlans, v6=v6)
    return (s.handshake() + s.data(True, b"GET / HTTP/1.0\r\n\r\n")
            + s.data(False, b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") + s.close())


def truncated_file():
    """A TCP session and a DNS exchange, then an ICMP echo whose record is cut short."""
    frames = tcp_full("10.0.0.1", "10.0.0.2", 40001, 80) + dns_pair("10.0.0.1", "10.0.0.53",
                                                                     33333, 7)
    frames.append(c.ethernet(c.ipv4("10.0.0.1", "10.0.0.9", c.PROTO_ICMP,
                                    c.icmp_echo(1, 1, b"x" * 56))))
    c.write_pcap(path("truncated-file"), c.timed(frames, T0), truncate_last=30)


def ipv4_trunc_pkt():
    """A valid DNS query, then a UDP packet whose IPv4 total length exceeds the data."""
    good = dns_pair("10.0.0.1", "10.0.0.53", 33333, 9)[:1]
    seg = c.udp("10.0.0.1", "10.0.0.53", 33334, 53, b"q" * 12)
    bad = c.ethernet(c.ipv4("10.0.0.1", "10.0.0.53", c.PROTO_UDP, seg, total_length=200))
    c.write_pcap(path("ipv4-trunc-pkt"), c.timed(good + [bad], T0))


def vlan_flows():
    """The same TCP 5-tuple on VLAN 100 and VLAN 101 (two flows), and UDP in QinQ 200/300."""
    frames = tcp_full("10.1.0.1", "10.1.0.2", 40000, 80, vlans=(100,))
    frames += tcp_full("10.1.0.1", "10.1.0.2", 40000, 80, vlans=(101,))
    q = c.ethernet(c.ipv4("10.2.0.1", "10.2.0.2", c.PROTO_UDP,
                          c.udp("10.2.0.1", "10.2.0.2", 5000, 6000, b"hello")), vlans=(200, 300))
    frames.append(q)
    c.write_pcap(path("vlan-flows"), c.timed(frames, T0))


def ipv6_ext_headers():
    """UDP behind a hop-by-hop header (router alert option) and a routing header (type 2,
    no segment left), both directions, and an ICMPv6 echo exchange."""
    a, b = "2001:db8::1", "2001:db8::2"
    frames = []
    for src, dst, sp, dp in ((a, b, 1234, 5678), (b, a, 5678, 1234)):
        seg = c.udp(src, dst, sp, dp, b"ipv6 ext headers")
        routing = bytes([c.PROTO_UDP, 2, 2, 0, 0, 0, 0, 0]) + c.ip6("2001:db8::99")
        hbh = c.ipv6_ext(c.PROTO_IPV6_ROUTING, b"\x05\x02\x00\x00")
        frames.append(c.ethernet(c.ipv6(src, dst, c.PROTO_IPV6_HOPOPTS, hbh + routing + seg),
                                 c.ETH_IPV6))
    for reply in (False, True):
        src, dst = (b, a) if reply else (a, b)
        frames.append(c.ethernet(c.ipv6(src, dst, c.PROTO_ICMPV6,
                                        c.icmpv6_echo(src, dst, 7, 1, b"ping", reply)), c.ETH_IPV6))
    c.write_pcap(path("ipv6-ext-headers"), c.timed(frames, T0))


def ipv4_frag():
    """A 3000-byte UDP datagram in three fragments (sent last fragment first), and a reply."""
    cli, srv = "10.3.0.1", "10.3.0.2"
    dgram = c.udp(cli, srv, 7000, 5000, bytes(i & 0xFF for i in range(3000)))
    pieces = []
    for off in range(0, len(dgram), 1480):
        chunk = dgram[off:off + 1480]
        more = off + 1480 < len(dgram)
        pieces.append(c.ethernet(c.ipv4(cli, srv, c.PROTO_UDP, chunk, ident=0x4242, df=False,
                                        mf=more, frag_offset=off)))
    frames = [pieces[2], pieces[0], pieces[1]]
    frames.append(c.ethernet(c.ipv4(srv, cli, c.PROTO_UDP, c.udp(srv, cli, 5000, 7000, b"ack"))))
    c.write_pcap(path("ipv4-frag"), c.timed(frames, T0))


def vxlan_flows():
    """A TCP handshake inside VXLAN (VNI 42) between two VTEPs on UDP 4789."""
    s = c.TcpSession("192.168.10.1", "192.168.10.2", 41000, 443)
    frames = []
    for i, inner in enumerate(s.handshake()):
        vtep_a, vtep_b = ("172.16.0.1", "172.16.0.2") if i != 1 else ("172.16.0.2", "172.16.0.1")
        outer = c.udp(vtep_a, vtep_b, 49152 if i != 1 else 4789, 4789 if i != 1 else 49152,
                      c.vxlan(42, inner))
        frames.append(c.ethernet(c.ipv4(vtep_a, vtep_b, c.PROTO_UDP, outer)))
    c.write_pcap(path("vxlan-flows"), c.timed(frames, T0))


def icmp_echo():
    """Three ICMP echo requests, each answered."""
    frames = []
    for seq in range(1, 4):
        frames.append(c.ethernet(c.ipv4("10.4.0.1", "10.4.0.2", c.PROTO_ICMP,
                                        c.icmp_echo(0x99, seq, b"abcdefgh" * 4))))
        frames.append(c.ethernet(c.ipv4("10.4.0.2", "10.4.0.1", c.PROTO_ICMP,
                                        c.icmp_echo(0x99, seq, b"abcdefgh" * 4, True))))
    c.write_pcap(path("icmp-echo"), c.timed(frames, T0))


def tcp_closed():
    """One complete TCP connection: handshake, request, response, FIN/FIN/ACK."""
    c.write_pcap(path("tcp-closed"), c.timed(tcp_full("10.5.0.1", "10.5.0.2", 40005, 8080), T0))


def pcapng_input():
    """A DNS query and answer in a pcapng file."""
    c.write_pcapng(path("pcapng-input", "input.pcapng"),
                   c.timed(dns_pair("10.6.0.1", "10.6.0.53", 40404, 0x0606), T0))


def directory_input():
    """A TCP connection split across two files of a directory, plus a DNS exchange in the
    second: read in name order, the connection is one flow."""
    frames = tcp_full("10.7.0.1", "10.7.0.2", 40007, 80)
    c.write_pcap(path("directory-input", "input/a.pcap"), c.timed(frames[:5], T0))
    rest = frames[5:] + dns_pair("10.7.0.1", "10.7.0.53", 40008, 8)
    c.write_pcap(path("directory-input", "input/b.pcap"), c.timed(rest, T0 + 1))


def unsupported_linktype():
    """A well-formed pcap whose link type (147, USER0) no decoder handles."""
    c.write_pcap(path("unsupported-linktype"), c.timed([b"\x00" * 40], T0),
                 linktype=c.LINKTYPE_UNSUPPORTED)


def stream_3whs_anomaly():
    """A SYN/ACK acknowledging the wrong sequence number (stream.3whs_synack_with_wrong_ack),
    then the right one; the session completes, carries a request and a response, closes."""
    s = c.TcpSession("10.8.0.1", "10.8.0.2", 40008, 80)
    syn = s.handshake()
    bad = c.ethernet(c.ipv4("10.8.0.2", "10.8.0.1", c.PROTO_TCP,
                            c.tcp("10.8.0.2", "10.8.0.1", 80, 40008, 5000, 4242, c.SYN | c.ACK)))
    frames = [syn[0], bad] + syn[1:] + s.data(True, b"GET / HTTP/1.0\r\n\r\n")
    frames += s.data(False, b"HTTP/1.0 200 OK\r\n\r\n") + s.close()
    c.write_pcap(path("stream-3whs-anomaly"), c.timed(frames, T0))


def stream_rst():
    """A session with a request, then a RST from the server: closed by the reset."""
    s = c.TcpSession("10.8.1.1", "10.8.1.2", 40009, 80)
    frames = s.handshake() + s.data(True, b"hello") + s.reset(False)
    c.write_pcap(path("stream-rst"), c.timed(frames, T0))


def stream_midstream():
    """A session whose handshake was not captured: data both ways, then FIN/FIN/ACK."""
    s = c.TcpSession("10.8.2.1", "10.8.2.2", 40010, 80)
    s.handshake()
    frames = s.data(True, b"ping") + s.data(False, b"pong") + s.close()
    c.write_pcap(path("stream-midstream"), c.timed(frames, T0))


# Parts of the multipart upload of http-multipart (the expected digests are computed from
# these in its expect.json).
MP_PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
          b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
MP_TXT = b"meeting notes\nsecret-token 42\n"


def http_multipart():
    """An HTTP POST of a multipart/form-data body (two file parts and a plain field), sent
    in three segments, answered 200: one fileinfo per file part (and one for the reply)."""
    body = (b"--b0undary\r\n"
            b"Content-Disposition: form-data; name=\"doc\"; filename=\"report.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + MP_PDF + b"\r\n"
            b"--b0undary\r\n"
            b"Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
            b"field-value\r\n"
            b"--b0undary\r\n"
            b"Content-Disposition: form-data; name=\"notes\"; filename=\"notes.txt\"\r\n"
            b"Content-Type: text/plain\r\n\r\n" + MP_TXT + b"\r\n"
            b"--b0undary--\r\n")
    req = (b"POST /upload HTTP/1.1\r\nHost: files.example\r\n"
           b"Content-Type: multipart/form-data; boundary=b0undary\r\n"
           b"Content-Length: %d\r\n\r\n" % len(body)) + body
    s = c.TcpSession("10.9.0.1", "10.9.0.2", 40100, 80)
    frames = s.handshake()
    third = len(req) // 3
    for chunk in (req[:third], req[third:2 * third], req[2 * third:]):
        frames += s.data(True, chunk)
    frames += s.data(False, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") + s.close()
    c.write_pcap(path("http-multipart"), c.timed(frames, T0))


def detect_threshold_shared():
    """200 UDP flows: 2 clients x 25 servers x 4 source ports, one "ping" each. Workers are
    picked by address pair, so each client's flows (and each server's) reach every worker."""
    frames = []
    for port in range(4):
        for srv in range(1, 26):
            for host in (1, 2):
                cli, dst = "10.9.0.%d" % host, "10.9.1.%d" % srv
                frames.append(c.ethernet(c.ipv4(cli, dst, c.PROTO_UDP,
                                                c.udp(cli, dst, 20000 + port, 9999, b"ping"))))
    c.write_pcap(path("detect-threshold-shared"), c.timed(frames, T0))


def main():
    for fn in (truncated_file, ipv4_trunc_pkt, vlan_flows, ipv6_ext_headers, ipv4_frag,
               vxlan_flows, icmp_echo, tcp_closed, pcapng_input, directory_input,
               unsupported_linktype, stream_3whs_anomaly, stream_rst, stream_midstream,
               http_multipart, detect_threshold_shared):
        fn()
    print("case inputs written under %s" % HERE)


if __name__ == "__main__":
    main()
