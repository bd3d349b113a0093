#!/usr/bin/env python3
"""follow.py - cross-check Vigie's reassembled TCP streams against tshark's "follow".

Usage: tests/crosscheck/follow.py [BUILD_DIR] [PCAP...]
  BUILD_DIR  a meson build with tests/tools/stream_dump (default: build)
  PCAP       captures to check (default: the list in follow-pcaps.txt, paths relative to
             the repository, ${SHARED} = ../shared or $VIGIE_SHARED)

For each capture, stream_dump (decode + flow + stream, Suricata's defaults except
stream.reassembly.depth=0, stream.midstream=true and stream.checksum-validation=false,
as tshark has none of these limits) writes
each session's two directions; `tshark -qz follow,tcp,raw,N` prints the same for each
tcp.stream N. A session matches when both directions are byte-identical. Differences are
classified, and only unexplained ones fail:
  gap       Vigie reported a gap (packets missing from the capture): tshark concatenates
            what it has, Vigie leaves the hole out, so bytes after the hole may differ;
  after-rst Vigie's bytes are a prefix of tshark's and the stream has a RST: Vigie (as
            Suricata) accepts no data after a valid RST, tshark prints what follows;
  missing   no Vigie session for a tshark stream (e.g. no payload accepted: bad
            checksum, or a session the tracker refused); reported, counted, not a failure
            when tshark shows no payload either.
Exit status 1 when any stream differs without explanation, 77 (skip) without tshark.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))


def norm_ep(ep):
    """'[2001:db8::1]:80' or '10.0.0.1:80' -> ('2001:db8::1', 80)"""
    host, _, port = ep.strip().rpartition(':')
    return host.strip('[]'), int(port)


def tshark_streams(pcap):
    out = subprocess.run(['tshark', '-n', '-r', pcap, '-T', 'fields', '-e', 'tcp.stream', '-Y', 'tcp'],
                         capture_output=True, text=True, check=False).stdout
    return sorted({int(x) for x in out.split() if x.strip().isdigit()})


def tshark_follow(pcap, streams):
    """{N: (node0, node1, bytes0, bytes1)} for each stream, 50 streams per tshark run."""
    res = {}
    for i in range(0, len(streams), 50):
        args = ['tshark', '-n', '-r', pcap, '-q']
        for n in streams[i:i + 50]:
            args += ['-z', 'follow,tcp,raw,%d' % n]
        out = subprocess.run(args, capture_output=True, text=True, check=False).stdout
        cur = None
        for line in out.split('\n'):
            m = re.match(r'Filter: tcp.stream eq (\d+)', line)
            if m:
                cur = {'n': int(m.group(1)), 'nodes': [], 'data': [bytearray(), bytearray()]}
                res[cur['n']] = cur
                continue
            if cur is None:
                continue
            m = re.match(r'Node ([01]): (.*)$', line)
            if m:
                cur['nodes'].append(norm_ep(m.group(2)))
                continue
            if line.startswith('====='):
                continue
            s = line.strip()
            if s and re.fullmatch(r'[0-9a-fA-F]+', s):
                cur['data'][1 if line.startswith('\t') else 0] += bytes.fromhex(s)
    return res


def vigie_sessions(build, pcap, outdir):
    subprocess.run([os.path.join(build, 'tests', 'tools', 'stream_dump'),
                    '-s', 'stream.reassembly.depth=0', '-s', 'stream.midstream=true',
                    '-s', 'stream.checksum-validation=false',
                    pcap, outdir], check=True, capture_output=True)
    sess = collections.OrderedDict()
    with open(os.path.join(outdir, 'index.tsv')) as f:
        for line in f:
            sid, cli, srv, d, n, gaps, gap_bytes, fn = line.rstrip('\n').split('\t')
            s = sess.setdefault(sid, {'cli': norm_ep(cli), 'srv': norm_ep(srv), 'gaps': 0})
            with open(os.path.join(outdir, fn), 'rb') as b:
                s[d] = b.read()
            s['gaps'] += int(gaps)
    by_tuple = collections.defaultdict(list)
    for s in sess.values():
        by_tuple[(s['cli'], s['srv'])].append(s)
    return by_tuple


def has_rst(pcap, n):
    """True if stream n carries a RST."""
    out = subprocess.run(['tshark', '-n', '-r', pcap, '-Y', 'tcp.stream eq %d && tcp.flags.reset == 1' % n],
                         capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def explain(pcap, n, s, pairs):
    """Why Vigie's directions differ from tshark's, or None."""
    if s['gaps']:
        return 'gap'
    # Vigie stops at an accepted RST (as Suricata); tshark follows whatever comes after
    if all(w.startswith(v) for v, w in pairs) and has_rst(pcap, n):
        return 'after-rst'
    return None


def check(build, pcap):
    with tempfile.TemporaryDirectory() as tmp:
        vs = vigie_sessions(build, pcap, tmp)
        streams = tshark_streams(pcap)
        ts = tshark_follow(pcap, streams)
    counts = collections.Counter()
    bad = []
    for n in streams:
        t = ts.get(n)
        if t is None or len(t['nodes']) != 2:
            counts['no-follow'] += 1
            continue
        a, b = t['nodes']
        if vs.get((a, b)):
            s, c2s, s2c = vs[(a, b)].pop(0), t['data'][0], t['data'][1]
        elif vs.get((b, a)):
            s, c2s, s2c = vs[(b, a)].pop(0), t['data'][1], t['data'][0]
        else:
            counts['missing' if (t['data'][0] or t['data'][1]) else 'empty'] += 1
            if t['data'][0] or t['data'][1]:
                bad.append('stream %d %s:%d-%s:%d: no Vigie session (%d/%d bytes in tshark)'
                           % (n, a[0], a[1], b[0], b[1], len(t['data'][0]), len(t['data'][1])))
            continue
        if s.get('c2s', b'') == bytes(c2s) and s.get('s2c', b'') == bytes(s2c):
            counts['same'] += 1
            continue
        pairs = ((s.get('c2s', b''), bytes(c2s)), (s.get('s2c', b''), bytes(s2c)))
        why = explain(pcap, n, s, pairs)
        counts[why or 'DIFF'] += 1
        detail = []
        for name, (v, w) in zip(('c2s', 's2c'), pairs):
            if v != w:
                k = next((i for i in range(min(len(v), len(w))) if v[i] != w[i]), min(len(v), len(w)))
                detail.append('%s vigie %d bytes, tshark %d, first difference at %d' % (name, len(v), len(w), k))
        msg = 'stream %d %s:%d-%s:%d: %s' % (n, a[0], a[1], b[0], b[1], '; '.join(detail))
        bad.append(('[%s] ' % why if why else '[UNEXPLAINED] ') + msg)
    return counts, bad


def main():
    if shutil.which('tshark') is None:
        print('follow.py: tshark not installed')
        return 77
    args = sys.argv[1:]
    build = os.path.join(ROOT, 'build')
    if args and os.path.isdir(args[0]):
        build = os.path.abspath(args.pop(0))
    pcaps = args
    if not pcaps:
        shared = os.environ.get('VIGIE_SHARED', os.path.join(ROOT, '..', 'shared'))
        with open(os.path.join(HERE, 'follow-pcaps.txt')) as f:
            for line in f:
                line = line.split('#', 1)[0].strip()
                if line:
                    p = line.replace('${SHARED}', shared)
                    pcaps.append(p if os.path.isabs(p) else os.path.join(ROOT, p))
    failed = 0
    total = collections.Counter()
    for pcap in pcaps:
        if not os.path.exists(pcap):
            print('%-60s missing' % os.path.relpath(pcap, ROOT))
            continue
        counts, bad = check(build, pcap)
        total.update(counts)
        unexplained = sum(1 for b in bad if b.startswith('[UNEXPLAINED]') or b.startswith('stream'))
        print('%-60s %s' % (os.path.relpath(pcap, ROOT), ' '.join('%s=%d' % kv for kv in sorted(counts.items()))))
        for b in bad:
            print('    ' + b)
        failed += unexplained
    print('total: %s' % ' '.join('%s=%d' % kv for kv in sorted(total.items())))
    if failed:
        print('follow.py: %d stream(s) differ without explanation' % failed)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
