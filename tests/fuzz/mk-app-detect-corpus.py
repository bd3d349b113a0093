#!/usr/bin/env python3
"""mk-app-detect-corpus.py - writes the seed inputs of fuzz_app_detect (see its header for
the format) into tests/fuzz/corpus/fuzz_app_detect: one flow per protocol the registry
knows, both directions, plus gaps, ends and reversed flows."""
import os

PORTS = [80, 21, 22, 25, 53, 67, 69, 88, 110, 135, 139, 143, 161,
         443, 445, 1883, 2049, 3389, 5060, 5432, 5900, 8080, 12345]


def flow(port, records, udp=False, midstream=False):
    b0 = (PORTS.index(port) << 2) | (1 if udp else 0) | (2 if midstream else 0)
    out = bytes([b0])
    for dirn, data, *flags in records:
        h = (0x80 if dirn else 0)
        if 'gap' in flags:
            h |= 0x40
            out += bytes([h, data])
            continue
        if 'eof' in flags:
            h |= 0x20
        for i in range(0, max(len(data), 1), 255):
            chunk = data[i:i + 255]
            out += bytes([h, len(chunk)]) + chunk
    return out


dns_q = bytes.fromhex('1234010000010000000000000377777706676f6f676c6503636f6d0000010001')
dns_r = bytes.fromhex('1234818000010001000000000377777706676f6f676c6503636f6d0000010001'
                      'c00c000100010000012c00045db8d822')
client_hello = bytes.fromhex('16030100a5010000a10303') + bytes(32) + bytes.fromhex(
    '000004c02fc0300100007400000010000e00000b6578616d706c652e636f6d000b000403000102'
    '000a00080006001d00170018')
seeds = {
    'http': flow(80, [(0, b'GET / HTTP/1.1\r\nHost: a\r\n\r\n'),
                      (1, b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi')]),
    'http-8080-resp-first': flow(8080, [(1, b'HTTP/1.1 200 OK\r\n\r\n'),
                                        (0, b'POST /x HTTP/1.0\r\n\r\n', 'eof')]),
    'http-gap': flow(80, [(0, b'GET /a'), (0, 200, 'gap'), (0, b' HTTP/1.1\r\n\r\n')]),
    'ftp': flow(21, [(1, b'220 (vsFTPd 3.0.3)\r\n'), (0, b'USER anonymous\r\n'),
                     (1, b'331 Please specify the password.\r\n')]),
    'smtp': flow(25, [(1, b'220 mx.example.com ESMTP\r\n'), (0, b'EHLO client\r\n')]),
    'pop3': flow(110, [(1, b'+OK POP3 ready\r\n'), (0, b'USER bob\r\n')]),
    'imap': flow(143, [(1, b'* OK IMAP4rev1 ready\r\n'), (0, b'a001 CAPABILITY\r\n')]),
    'smb': flow(445, [(0, b'\x00\x00\x00\x48\xfeSMB\x40\x00' + bytes(62)),
                      (1, b'\x00\x00\x00\x48\xfeSMB\x40\x00' + bytes(62))]),
    'nbss-smb1': flow(139, [(0, b'\x81\x00\x00\x04abcd\x00\x00\x00\x30\xffSMBr' + bytes(40))]),
    'dcerpc': flow(135, [(0, bytes.fromhex('05000b0310000000480000000100000000000000')),
                         (1, bytes.fromhex('05000c0310000000440000000100000000000000'))]),
    'dcerpc-rev': flow(135, [(0, bytes.fromhex('05000c0310000000440000000100000000000000'))],
                       midstream=True),
    'rdp': flow(3389, [(0, b'\x03\x00\x00\x13\x0e\xe0\x00\x00\x00\x00\x00\x01\x00\x08\x00\x03'
                        b'\x00\x00\x00')]),
    'krb5': flow(88, [(0, b'\x00\x00\x00\x20\x6a\x1e\x30\x1c' + bytes(28))]),
    'nfs': flow(2049, [(0, b'\x80\x00\x00\x28' + bytes.fromhex(
        '000000010000000000000002000186a3000000030000000000000000000000000000000000000000'))]),
    'pgsql': flow(5432, [(0, b'\x00\x00\x00\x08\x04\xd2\x16\x2f'), (1, b'N'),
                         (0, b'\x00\x00\x00\x10\x00\x03\x00\x00user\x00bob\x00\x00')]),
    'rfb': flow(5900, [(1, b'RFB 003.008\n'), (0, b'RFB 003.008\n')]),
    'mqtt': flow(1883, [(0, b'\x10\x10\x00\x04MQTT\x04\x02\x00\x3c\x00\x04abcd'),
                        (1, b'\x20\x02\x00\x00')]),
    'http2': flow(80, [(0, b'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00')]),
    'ssh': flow(22, [(1, b'SSH-2.0-OpenSSH_8.9\r\n'), (0, b'SSH-2.0-PuTTY\r\n')]),
    'tls': flow(443, [(0, client_hello)]),
    'dns-tcp': flow(53, [(0, len(dns_q).to_bytes(2, 'big') + dns_q),
                         (1, len(dns_r).to_bytes(2, 'big') + dns_r)]),
    'dns-udp': flow(53, [(0, dns_q), (1, dns_r)], udp=True),
    'dns-udp-resp-first': flow(53, [(0, dns_r)], udp=True),
    'sip-udp': flow(5060, [(0, b'OPTIONS sip:bob@example.com SIP/2.0\r\n\r\n'),
                           (1, b'SIP/2.0 200 OK\r\n\r\n')], udp=True),
    'snmp': flow(161, [(0, bytes.fromhex('302602010104067075626c6963a019020101020100020100300e300c06082b060102010101000500'))],
                 udp=True),
    'dhcp': flow(67, [(0, b'\x01\x01\x06\x00' + bytes(232) + b'\x63\x82\x53\x63\x35\x01\x01\xff')],
                 udp=True),
    'tftp': flow(69, [(0, b'\x00\x01file.txt\x00octet\x00')], udp=True),
    'bt-dht': flow(12345, [(0, b'd1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe')],
                   udp=True),
    'garbage': flow(12345, [(0, b'\x00\x01\x02garbage'), (1, b'more garbage here'),
                            (0, b'x', 'eof')]),
    'wait-more': flow(21, [(1, b'22'), (1, b'0'), (1, b' FTP'), (1, b' server\r\n')]),
}

d = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'fuzz_app_detect')
os.makedirs(d, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)
print(len(seeds), 'seeds in', d)
