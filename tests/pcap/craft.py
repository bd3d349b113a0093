"""craft.py - build packets and write pcap/pcapng files, Python standard library only.

Used by tests/pcap/make_cases.py (the integration cases) and samples/make_sample.py (the
bundled capture). Builders return bytes and compute lengths and checksums unless told
otherwise, so a test can also build a deliberately wrong packet (bad length, short header).
Nothing here reads or sends on a network interface.
"""

import struct

LINKTYPE_NULL = 0
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LINUX_SLL = 113
LINKTYPE_UNSUPPORTED = 147  # LINKTYPE_USER0: no decoder knows it

ETH_IPV4 = 0x0800
ETH_IPV6 = 0x86DD
ETH_VLAN = 0x8100
ETH_QINQ = 0x88A8

PROTO_ICMP = 1
PROTO_TCP = 6
PROTO_UDP = 17
PROTO_IPV6_HOPOPTS = 0
PROTO_IPV6_ROUTING = 43
PROTO_IPV6_FRAG = 44
PROTO_IPV6_DSTOPTS = 60
PROTO_ICMPV6 = 58

FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def ip6(text):
    """Parse an IPv6 address (with at most one '::') into 16 bytes."""
    if "::" in text:
        head, tail = text.split("::")
        h = [x for x in head.split(":") if x]
        t = [x for x in tail.split(":") if x]
        groups = h + ["0"] * (8 - len(h) - len(t)) + t
    else:
        groups = text.split(":")
    return b"".join(struct.pack("!H", int(g, 16)) for g in groups)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ethernet(payload, ethertype=ETH_IPV4, src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb",
             vlans=()):
    """An Ethernet II frame; vlans is a list of VLAN ids, outermost first (802.1Q tags)."""
    hdr = mac(dst) + mac(src)
    for vid in vlans:
        hdr += struct.pack("!HH", ETH_VLAN, vid & 0x0FFF)
    return hdr + struct.pack("!H", ethertype) + payload


def ipv4(src, dst, proto, payload, ttl=64, ident=1, df=True, mf=False, frag_offset=0,
         options=b"", total_length=None, bad_checksum=False, tos=0):
    """An IPv4 header + payload; frag_offset is in bytes (multiple of 8)."""
    ihl = 5 + len(options) // 4
    tlen = total_length if total_length is not None else ihl * 4 + len(payload)
    flags = (0x4000 if df else 0) | (0x2000 if mf else 0) | (frag_offset // 8)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, tlen, ident, flags, ttl, proto, 0,
                      ip4(src), ip4(dst)) + options
    csum = checksum(hdr)
    if bad_checksum:
        csum ^= 0x5A5A
    hdr = hdr[:10] + struct.pack("!H", csum) + hdr[12:]
    return hdr + payload


def ipv6(src, dst, next_header, payload, hlim=64, flow_label=0, payload_length=None):
    plen = payload_length if payload_length is not None else len(payload)
    hdr = struct.pack("!IHBB16s16s", (6 << 28) | flow_label, plen, next_header, hlim,
                      ip6(src), ip6(dst))
    return hdr + payload


def ipv6_ext(next_header, body=b""):
    """A hop-by-hop/destination-options/routing style extension header, padded to 8n bytes."""
    data = body
    pad = (-(len(data) + 2)) % 8
    if pad <= 2:
        data += b"\x00" * pad  # Pad1 options: a zero-length PadN is itself an anomaly
    else:
        data += b"\x01" + bytes([pad - 2]) + b"\0" * (pad - 2)
    return struct.pack("!BB", next_header, (len(data) + 2) // 8 - 1) + data


def ipv6_frag_hdr(next_header, offset, more, ident):
    return struct.pack("!BBHI", next_header, 0, (offset & 0xFFF8) | (1 if more else 0), ident)


def _pseudo(src, dst, proto, length):
    if ":" in src:
        return ip6(src) + ip6(dst) + struct.pack("!IxxxB", length, proto)
    return ip4(src) + ip4(dst) + struct.pack("!xBH", proto, length)


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b"", window=64240, options=b""):
    """A TCP segment with a correct checksum over the IPv4/IPv6 pseudo header."""
    off = 5 + len(options) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4,
                      flags, window, 0, 0) + options
    seg = hdr + payload
    csum = checksum(_pseudo(src, dst, PROTO_TCP, len(seg)) + seg)
    return seg[:16] + struct.pack("!H", csum) + seg[18:]


def udp(src, dst, sport, dport, payload, length=None):
    ulen = length if length is not None else 8 + len(payload)
    seg = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
    csum = checksum(_pseudo(src, dst, PROTO_UDP, len(seg)) + seg) or 0xFFFF
    return seg[:6] + struct.pack("!H", csum) + seg[8:]


def icmp_echo(ident, seq, data, reply=False):
    msg = struct.pack("!BBHHH", 0 if reply else 8, 0, 0, ident, seq) + data
    return msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]


def icmpv6_echo(src, dst, ident, seq, data, reply=False):
    msg = struct.pack("!BBHHH", 129 if reply else 128, 0, 0, ident, seq) + data
    csum = checksum(_pseudo(src, dst, PROTO_ICMPV6, len(msg)) + msg)
    return msg[:2] + struct.pack("!H", csum) + msg[4:]


def vxlan(vni, inner_frame):
    return struct.pack("!BxxxI", 0x08, vni << 8) + inner_frame


def dns_query(txid, name, qtype=1):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", txid, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", qtype, 1)


def dns_answer_a(txid, name, addr, ttl=300):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    hdr = struct.pack("!HHHHHH", txid, 0x8180, 1, 1, 0, 0)
    ans = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, ttl, 4) + ip4(addr)
    return hdr + q + struct.pack("!HH", 1, 1) + ans


class TcpSession:
    """Builds the packets of one TCP connection, tracking sequence numbers.

    wrap(ip_packet, to_server) turns an IP packet into the link-layer frame (default:
    Ethernet, with the session's VLANs). Every method returns a list of frames."""

    def __init__(self, cli, srv, sport, dport, vlans=(), isn_c=1000, isn_s=5000, v6=False):
        self.cli, self.srv, self.sport, self.dport = cli, srv, sport, dport
        self.vlans = vlans
        self.seq_c, self.seq_s = isn_c, isn_s
        self.v6 = v6

    def _pkt(self, to_server, flags, payload=b""):
        if to_server:
            src, dst, sp, dp, seq, ack = (self.cli, self.srv, self.sport, self.dport,
                                          self.seq_c, self.seq_s)
        else:
            src, dst, sp, dp, seq, ack = (self.srv, self.cli, self.dport, self.sport,
                                          self.seq_s, self.seq_c)
        seg = tcp(src, dst, sp, dp, seq, ack if flags & ACK else 0, flags, payload)
        adv = len(payload) + (1 if flags & (SYN | FIN) else 0)
        if to_server:
            self.seq_c += adv
        else:
            self.seq_s += adv
        if self.v6:
            return ethernet(ipv6(src, dst, PROTO_TCP, seg), ETH_IPV6, vlans=self.vlans)
        return ethernet(ipv4(src, dst, PROTO_TCP, seg), vlans=self.vlans)

    def handshake(self):
        return [self._pkt(True, SYN), self._pkt(False, SYN | ACK), self._pkt(True, ACK)]

    def data(self, to_server, payload):
        return [self._pkt(to_server, PSH | ACK, payload), self._pkt(not to_server, ACK)]

    def close(self):
        return [self._pkt(True, FIN | ACK), self._pkt(False, FIN | ACK), self._pkt(True, ACK)]

    def reset(self, to_server=True):
        return [self._pkt(to_server, RST | ACK)]


def _timed(frames, start, step):
    return [(start + i * step, f) for i, f in enumerate(frames)]


def timed(frames, start=1700000000.0, step=0.001):
    """[(timestamp, frame)] from a list of frames, step seconds apart."""
    return _timed(frames, start, step)


def write_pcap(path, packets, linktype=LINKTYPE_ETHERNET, snaplen=65535, truncate_last=0):
    """Classic pcap (microseconds). packets: [(ts, bytes)] or [(ts, bytes, caplen)] where a
    caplen shorter than the data records a snapped packet. truncate_last cuts that many
    bytes off the end of the file (a capture interrupted mid-record)."""
    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype))
    for item in packets:
        ts, data = item[0], item[1]
        caplen = item[2] if len(item) > 2 else min(len(data), snaplen)
        sec = int(ts)
        usec = int(round((ts - sec) * 1e6))
        out += struct.pack("<IIII", sec, usec, caplen, len(data)) + data[:caplen]
    if truncate_last:
        del out[-truncate_last:]
    with open(path, "wb") as f:
        f.write(out)


def _pad4(b):
    return b + b"\0" * ((-len(b)) % 4)


def _block(btype, body):
    total = 12 + len(body)
    return struct.pack("<II", btype, total) + body + struct.pack("<I", total)


def write_pcapng(path, packets, linktype=LINKTYPE_ETHERNET, snaplen=65535):
    """pcapng: one section header, one interface (microsecond resolution), one enhanced
    packet block per packet."""
    shb = _block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    idb = _block(0x00000001, struct.pack("<HHI", linktype, 0, snaplen))
    out = bytearray(shb + idb)
    for ts, data in packets:
        t = int(round(ts * 1e6))
        body = struct.pack("<IIIII", 0, t >> 32, t & 0xFFFFFFFF, len(data), len(data))
        out += _block(0x00000006, body + _pad4(data))
    with open(path, "wb") as f:
        f.write(out)
