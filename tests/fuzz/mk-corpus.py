#!/usr/bin/env python3
"""mk-corpus.py - candidate seed inputs for the fuzz targets, taken from the test pcaps.

Usage: mk-corpus.py OUTDIR PCAP_OR_DIR... [--yaml FILE...]

Writes OUTDIR/fuzz_decode/ (every distinct packet of every pcap/pcapng as one raw frame,
prefixed with the fuzz_decode link-type byte), OUTDIR/fuzz_pcap/ (whole captures of at most
16 KiB) and OUTDIR/fuzz_conf/ (the YAML files given). The candidates are many; the committed
corpus is what libFuzzer's -merge=1 keeps of them (see README.md), so the corpus stays
small and every file adds coverage. Standard library only.
"""
import hashlib
import os
import struct
import sys

# LINKTYPE_* value in a file -> index in fuzz_decode.c's fuzz_dlts[]
LINKTYPE_INDEX = {1: 0, 113: 1, 276: 2, 101: 3, 228: 4, 229: 5, 0: 6, 108: 7, 9: 8, 104: 9}


def pcap_packets(data):
    """Yields (linktype, frame) from a classic pcap; stops at the first short record."""
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        e = '>'
    else:
        return
    if len(data) < 24:
        return
    linktype = struct.unpack(e + 'I', data[20:24])[0] & 0x0fffffff
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(e + 'I', data[off + 8:off + 12])[0]
        if off + 16 + incl > len(data):
            return
        yield linktype, data[off + 16:off + 16 + incl]
        off += 16 + incl


def pcapng_packets(data):
    """Yields (linktype, frame) from a pcapng (EPB and SPB blocks)."""
    off, e, links = 0, '<', []
    while off + 12 <= len(data):
        btype = struct.unpack('<I', data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            e = '<' if data[off + 8:off + 12] == b'\x4d\x3c\x2b\x1a' else '>'
            links = []
        btype, blen = struct.unpack(e + 'II', data[off:off + 8])
        if blen < 12 or off + blen > len(data):
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 8:
            links.append(struct.unpack(e + 'H', body[:2])[0])
        elif btype == 6 and len(body) >= 20:
            ifid, _, _, cap = struct.unpack(e + 'IIII', body[:16])
            if ifid < len(links):
                yield links[ifid], body[20:20 + cap]
        elif btype == 3 and len(body) >= 4 and links:
            yield links[0], body[4:]
        off += blen


def captures(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for f in sorted(files):
                    if f.endswith(('.pcap', '.pcapng', '.cap')):
                        yield os.path.join(root, f)
        elif os.path.isfile(p):
            yield p


def save(outdir, blob):
    name = hashlib.sha1(blob).hexdigest()
    path = os.path.join(outdir, name)
    if not os.path.exists(path):
        with open(path, 'wb') as f:
            f.write(blob)
        return 1
    return 0


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    out, rest = argv[1], argv[2:]
    yamls = []
    if '--yaml' in rest:
        i = rest.index('--yaml')
        rest, yamls = rest[:i], rest[i + 1:]
    dirs = {t: os.path.join(out, t) for t in ('fuzz_decode', 'fuzz_pcap', 'fuzz_conf')}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    counts = dict.fromkeys(dirs, 0)
    for path in captures(rest):
        with open(path, 'rb') as f:
            data = f.read()
        gen = pcapng_packets(data) if data[:4] == b'\x0a\x0d\x0d\x0a' else pcap_packets(data)
        for linktype, frame in gen:
            if linktype in LINKTYPE_INDEX:
                counts['fuzz_decode'] += save(dirs['fuzz_decode'],
                                              bytes([LINKTYPE_INDEX[linktype]]) + frame)
        if len(data) <= 16384:
            counts['fuzz_pcap'] += save(dirs['fuzz_pcap'], data)
    for y in yamls:
        with open(y, 'rb') as f:
            counts['fuzz_conf'] += save(dirs['fuzz_conf'], f.read())
    print(' '.join('%s=%d' % kv for kv in counts.items()))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
