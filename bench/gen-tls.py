#!/usr/bin/env python3
"""gen-tls.py - a TLS-heavy pcap for the TLS benchmark: many full TLS 1.2 sessions.

Usage: bench/gen-tls.py OUT.pcap [SESSIONS] [APP_KB]

Each session (its own client port and address) is a TCP handshake, the ClientHello,
the server's flight (ServerHello, Certificate, ServerKeyExchange, ServerHelloDone), the
client's key exchange and ChangeCipherSpec, the server's ticket and ChangeCipherSpec, then
APP_KB KiB (default 32) of application-data records from the server in MSS-sized segments,
and a FIN exchange. The handshake payloads are the ones of tests/unit/tls_test_data.h
(SELKS session of suricata-verify's ja4-tls), so every session has a certificate, JA3,
JA3S and JA4. Sessions are written one after the other, 1 ms apart; checksums are left 0
(run Vigie with -k none). Default: 5,000 sessions.
"""
import re
import struct
import sys
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def load_payloads():
    text = open(os.path.join(HERE, '..', 'tests', 'unit', 'tls_test_data.h')).read()
    out = {}
    for name, body in re.findall(r'static const uint8_t (\w+)\[\d+\] = \{(.*?)\};', text, re.S):
        out[name] = bytes(int(x, 16) for x in re.findall(r'0x([0-9a-f]{2})', body))
    return out


def ip_tcp(src, dst, sp, dp, seq, ack, flags, payload):
    tcp = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    eth = b'\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00'
    return eth + ip + tcp


def main():
    out = sys.argv[1]
    sessions = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    app_kb = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    p = load_payloads()
    server = bytes([10, 0, 0, 1])
    t = 1700000000.0
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))

        def put(frame):
            nonlocal t
            t += 0.00002
            f.write(struct.pack('<IIII', int(t), int((t % 1) * 1e6), len(frame), len(frame)))
            f.write(frame)

        record = b'\x17\x03\x03' + struct.pack('!H', 1400) + bytes(1400)
        for i in range(sessions):
            client = bytes([10, 1 + (i >> 16) % 200, (i >> 8) & 255, i & 255])
            sp, dp = 1024 + i % 60000, 443
            cs, ss = 1000, 5000
            put(ip_tcp(client, server, sp, dp, cs, 0, 0x02, b''))
            put(ip_tcp(server, client, dp, sp, ss, cs + 1, 0x12, b''))
            cs += 1
            ss += 1
            put(ip_tcp(client, server, sp, dp, cs, ss, 0x10, b''))
            for d, data in ((0, p['selks_ch']), (1, p['selks_sh']), (0, p['selks_cke']),
                            (1, p['selks_fin'])):
                if d == 0:
                    put(ip_tcp(client, server, sp, dp, cs, ss, 0x18, data))
                    cs += len(data)
                    put(ip_tcp(server, client, dp, sp, ss, cs, 0x10, b''))
                else:
                    put(ip_tcp(server, client, dp, sp, ss, cs, 0x18, data))
                    ss += len(data)
                    put(ip_tcp(client, server, sp, dp, cs, ss, 0x10, b''))
            for k in range(app_kb * 1024 // 1405):
                put(ip_tcp(server, client, dp, sp, ss, cs, 0x18, record))
                ss += len(record)
                if k % 2 == 1:
                    put(ip_tcp(client, server, sp, dp, cs, ss, 0x10, b''))
            put(ip_tcp(client, server, sp, dp, cs, ss, 0x11, b''))
            put(ip_tcp(server, client, dp, sp, ss, cs + 1, 0x11, b''))
            put(ip_tcp(client, server, sp, dp, cs + 1, ss + 1, 0x10, b''))
            t += 0.001


if __name__ == '__main__':
    main()
