#!/usr/bin/env python3
"""mk-seeds.py - hand-made seed inputs for what the test pcaps do not cover.

Usage: mk-seeds.py OUTDIR   (writes OUTDIR/fuzz_decode/ and OUTDIR/fuzz_pcap/)

Tunnels (GRE with every optional field, ERSPAN I/II/III, GENEVE with options, Teredo,
IP-in-IP in all four combinations, VXLAN), MPLS, PPPoE session, QinQ, other link types,
IPv6 extension headers, SCTP, ICMP errors quoting a packet, TCP with every option; and for
fuzz_pcap, fragment sequences (IPv4 and IPv6, in order, reversed, overlapping) so the
fuzzer starts next to the reassembly code. Checksums are correct, so the decoders go past
them. Builds on tests/pcap/craft.py. The output is merged into corpus/ with -merge=1.
"""
import hashlib
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pcap'))
import craft as C  # noqa: E402

A, B = '10.0.0.1', '10.0.0.2'
A6, B6 = '2001:db8::1', '2001:db8::2'
# index into fuzz_decode.c's fuzz_dlts[]
EN10MB, SLL, SLL2, RAW, IPV4, IPV6, NULL, LOOP, PPP, CHDLC = range(10)


def udp4(sp, dp, payload, src=A, dst=B):
    return C.ipv4(src, dst, C.PROTO_UDP, C.udp(src, dst, sp, dp, payload))


def inner_frame():
    return C.ethernet(udp4(1234, 53, C.dns_query(7, 'example.com')))


def tcp4(flags=C.SYN, options=b'', payload=b''):
    return C.ipv4(A, B, C.PROTO_TCP, C.tcp(A, B, 40000, 80, 1, 0, flags, payload, options=options))


def gre(proto, body, csum=False, key=None, seq=None):
    flags = (0x8000 if csum else 0) | (0x2000 if key is not None else 0) | \
        (0x1000 if seq is not None else 0)
    opt = b''
    if csum:
        opt += b'\0\0\0\0'
    if key is not None:
        opt += struct.pack('!I', key)
    if seq is not None:
        opt += struct.pack('!I', seq)
    hdr = struct.pack('!HH', flags, proto) + opt
    if csum:
        c = C.checksum(hdr + body)
        hdr = hdr[:4] + struct.pack('!H', c) + hdr[6:]
    return C.ipv4(A, B, 47, hdr + body)


def decode_seeds():
    s = []
    eth = C.ethernet
    s.append((EN10MB, eth(gre(0x0800, udp4(1, 2, b'x'), csum=True, key=5, seq=9))))
    s.append((EN10MB, eth(gre(0x6558, inner_frame(), key=1))))
    s.append((EN10MB, eth(gre(0x88BE, inner_frame()))))                       # ERSPAN I
    erspan2 = struct.pack('!HHI', 0x1000 | 100, 0x0001, 0)                    # ver 1, vlan 100
    s.append((EN10MB, eth(gre(0x88BE, erspan2 + inner_frame(), seq=1))))      # ERSPAN II
    erspan3 = struct.pack('!HHII', 0x2000 | 100, 0x0001, 0, 0)                # ver 2
    s.append((EN10MB, eth(gre(0x22EB, erspan3 + inner_frame(), seq=1))))     # ERSPAN III
    erspan3o = struct.pack('!HHII', 0x2000, 0x0001, 0, 1) + b'\0' * 8         # with platform
    s.append((EN10MB, eth(gre(0x22EB, erspan3o + inner_frame(), seq=2))))
    geneve_opt = struct.pack('!HBB', 0x0102, 0x80, 1) + b'\1\2\3\4'
    geneve = struct.pack('!BBHI', len(geneve_opt) // 4, 0, 0x6558, 42 << 8) + geneve_opt
    s.append((EN10MB, eth(udp4(5000, 6081, geneve + inner_frame()))))
    s.append((EN10MB, eth(udp4(5000, 4789, C.vxlan(7, inner_frame())))))
    v6in = C.ipv6(A6, B6, C.PROTO_ICMPV6, C.icmpv6_echo(A6, B6, 1, 1, b'ping'))
    s.append((EN10MB, eth(udp4(3544, 3544, v6in))))                            # Teredo
    auth = struct.pack('!BBBB', 0, 1, 0, 0) + b'\0' * 8 + b'\0' * 1           # Teredo auth
    s.append((EN10MB, eth(udp4(3544, 40000, auth + v6in))))
    s.append((EN10MB, eth(C.ipv4(A, B, 4, udp4(1, 2, b'4in4')))))
    s.append((EN10MB, eth(C.ipv4(A, B, 41, v6in))))
    s.append((EN10MB, eth(C.ipv6(A6, B6, 4, udp4(1, 2, b'4in6')), C.ETH_IPV6)))
    s.append((EN10MB, eth(C.ipv6(A6, B6, 41, v6in), C.ETH_IPV6)))
    mpls = struct.pack('!I', (16 << 12) | (0 << 8) | 64) + struct.pack('!I', (17 << 12) | 0x100 | 64)
    s.append((EN10MB, eth(mpls + udp4(1, 2, b'mpls'), 0x8847)))
    pppoe = struct.pack('!BBHH', 0x11, 0, 1, 2 + len(udp4(1, 2, b'p'))) + b'\x00\x21' + udp4(1, 2, b'p')
    s.append((EN10MB, eth(pppoe, 0x8864)))
    s.append((EN10MB, eth(struct.pack('!BBHH', 0x11, 0x09, 0, 4) + b'\x01\x01\x00\x00', 0x8863)))
    qinq = struct.pack('!HH', 100, C.ETH_VLAN) + struct.pack('!HH', 200, C.ETH_IPV4) + tcp4()
    s.append((EN10MB, C.mac('66:77:88:99:aa:bb') + C.mac('00:11:22:33:44:55') +
              struct.pack('!H', C.ETH_QINQ) + qinq))
    opts = (b'\x02\x04\x05\xb4' + b'\x04\x02' + b'\x08\x0a' + b'\0\0\0\1\0\0\0\0' +
            b'\x01\x03\x03\x07' + b'\x05\x0a' + b'\0\0\0\1\0\0\0\2' + b'\x00\x00')
    s.append((EN10MB, eth(tcp4(C.SYN | C.ACK, opts))))
    hop = C.ipv6_ext(60, b'\x05\x02\x00\x00')                                  # router alert
    dst = C.ipv6_ext(43, b'')
    rt = struct.pack('!BBBB', 44, 2, 0, 0) + b'\0' * 4 + C.ip6(B6)
    frag = C.ipv6_frag_hdr(17, 0, False, 99)
    ext = hop + dst + rt + frag + C.udp(A6, B6, 1, 2, b'ext')
    s.append((EN10MB, eth(C.ipv6(A6, B6, 0, ext), C.ETH_IPV6)))
    sctp = struct.pack('!HHII', 1000, 2000, 0, 0) + struct.pack('!BBH', 1, 0, 20) + b'\0' * 16
    s.append((EN10MB, eth(C.ipv4(A, B, 132, sctp))))
    quoted = tcp4()[:28]
    err = struct.pack('!BBHI', 3, 3, 0, 0) + quoted
    err = err[:2] + struct.pack('!H', C.checksum(err)) + err[4:]
    s.append((EN10MB, eth(C.ipv4(B, A, C.PROTO_ICMP, err))))
    q6 = C.ipv6(A6, B6, C.PROTO_UDP, C.udp(A6, B6, 1, 2, b'q'))
    err6 = struct.pack('!BBHI', 1, 4, 0, 0) + q6
    err6 = err6[:2] + struct.pack('!H', C.checksum(C._pseudo(B6, A6, 58, len(err6)) + err6)) + err6[4:]
    s.append((EN10MB, eth(C.ipv6(B6, A6, 58, err6), C.ETH_IPV6)))
    s.append((EN10MB, eth(C.ipv4(A, B, 2, b'\x11\x64\xee\x9b\0\0\0\0'))))     # IGMP query
    s.append((EN10MB, eth(C.ipv4(A, B, C.PROTO_UDP, C.udp(A, B, 1, 2, b'o'),
                                 options=b'\x94\x04\x00\x00' + b'\x07\x07\x04' + b'\0' * 4 + b'\0'))))
    sll = struct.pack('!HHH', 0, 1, 6) + C.mac('00:11:22:33:44:55') + b'\0\0' + b'\x08\x00'
    s.append((SLL, sll + tcp4()))
    sll2 = struct.pack('!HHIHBB', 0x0800, 0, 2, 1, 0, 6) + C.mac('00:11:22:33:44:55') + b'\0\0'
    s.append((SLL2, sll2 + tcp4()))
    s.append((RAW, tcp4()))
    s.append((IPV6, C.ipv6(A6, B6, C.PROTO_ICMPV6, C.icmpv6_echo(A6, B6, 1, 1, b'x'))))
    s.append((NULL, struct.pack('<I', 2) + tcp4()))
    s.append((LOOP, struct.pack('!I', 24) + C.ipv6(A6, B6, 59, b'')))
    s.append((PPP, b'\xff\x03\x00\x21' + tcp4()))
    s.append((CHDLC, b'\x0f\x00\x08\x00' + tcp4()))
    return s


def frag4(payload, ident, pieces, order=None):
    """IPv4 fragments of a UDP datagram; pieces = [(offset, length)] in bytes."""
    seg = C.udp(A, B, 1111, 2222, payload)
    out = []
    for off, ln in pieces:
        mf = off + ln < len(seg)
        out.append(C.ethernet(C.ipv4(A, B, C.PROTO_UDP, seg[off:off + ln], ident=ident, df=False,
                                     mf=mf, frag_offset=off)))
    return [out[i] for i in order] if order else out


def frag6(payload, ident, pieces):
    seg = C.udp(A6, B6, 1111, 2222, payload)
    out = []
    for off, ln in pieces:
        more = off + ln < len(seg)
        body = C.ipv6_frag_hdr(C.PROTO_UDP, off, more, ident) + seg[off:off + ln]
        out.append(C.ethernet(C.ipv6(A6, B6, C.PROTO_IPV6_FRAG, body), C.ETH_IPV6))
    return out


def frag_gre(data):
    """A GRE datagram in two fragments: the tunnel is found in a reassembled packet."""
    body = b'\x00\x00\x08\x00' + udp4(1, 2, data, src='192.168.1.1', dst='192.168.1.2')
    return [C.ethernet(C.ipv4(A, B, 47, body[:48], ident=9, df=False, mf=True)),
            C.ethernet(C.ipv4(A, B, 47, body[48:], ident=9, df=False, frag_offset=48))]


def pcap_seeds():
    data = bytes(range(48)) * 2  # 96 bytes; the UDP segment is 104
    return [
        frag4(data, 1, [(0, 48), (48, 56)]),
        frag4(data, 2, [(0, 48), (48, 56)], order=[1, 0]),
        frag4(data, 3, [(0, 56), (24, 48), (48, 56)]),       # overlaps
        frag4(data, 4, [(0, 32), (32, 32), (64, 40), (64, 40)]),
        frag6(data, 5, [(0, 48), (48, 56)]),
        frag6(data, 6, [(0, 56), (32, 72)]),
        frag4(data, 7, [(0, 48)]) + frag6(data, 7, [(48, 56)]),
        [C.ethernet(gre(0x0800, f[14:])) for f in frag4(data, 8, [(0, 48), (48, 56)])],
        frag_gre(data),
    ]


def save(d, blob):
    with open(os.path.join(d, hashlib.sha1(blob).hexdigest()), 'wb') as f:
        f.write(blob)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    dd, dp = os.path.join(argv[1], 'fuzz_decode'), os.path.join(argv[1], 'fuzz_pcap')
    os.makedirs(dd, exist_ok=True)
    os.makedirs(dp, exist_ok=True)
    seeds = decode_seeds()
    for link, frame in seeds:
        save(dd, bytes([link]) + frame)
    pcaps = pcap_seeds()
    for frames in pcaps:
        with tempfile.NamedTemporaryFile() as tmp:
            C.write_pcap(tmp.name, C.timed(frames))
            with open(tmp.name, 'rb') as f:
                save(dp, f.read())
    print('fuzz_decode=%d fuzz_pcap=%d' % (len(seeds), len(pcaps)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
