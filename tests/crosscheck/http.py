#!/usr/bin/env python3
"""http.py - cross-check Vigie's HTTP/1 transactions against tshark.

Usage: tests/crosscheck/http.py [VIGIE]   (default build/vigie)

For each capture below (${SHARED} = ../shared or $VIGIE_SHARED), runs Vigie with
http-only.yaml and compares with `tshark -Y http.request` / `-Y http.response`:
  - the multiset of (request URI, host) pairs: Vigie's http.url (the raw URI, as tshark's
    http.request.uri) and http.hostname (lowercased, port removed: tshark's http.host is
    normalised the same way here);
  - the multiset of response status codes.
Exits 1 on any difference (listed), 0 otherwise; the last line is a summary.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

PCAPS = [
    '${SHARED}/verify/tests/http-all-headers/input.pcap',
    '${SHARED}/verify/tests/base64-decode-5885/input.pcap',
    '${SHARED}/verify/tests/output-eve-ftp-data/input.pcap',
    '${SHARED}/verify/tests/http-mime-truncated/input.pcap',
    '${SHARED}/verify/tests/http-protocol-nodup/input.pcap',
    '${SHARED}/verify/tests/http-async/input.pcap',
    '${SHARED}/verify/tests/http-post-file/input.pcap',
]


def norm_host(h):
    h = h.strip()
    if h.startswith('['):
        end = h.find(']')
        h = h[:end + 1] if end >= 0 else h
    elif ':' in h:
        h = h.split(':', 1)[0]
    return h.rstrip('.').lower()


def tshark(pcap, flt, fields):
    # one row per PDU: a frame may carry several (pipelining); values of one field are
    # joined with an unlikely separator
    cmd = ['tshark', '-r', pcap, '-Y', flt, '-T', 'fields', '-E', 'aggregator=\x1e',
           '-E', 'occurrence=a']
    for f in fields:
        cmd += ['-e', f]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rows = []
    for line in out.split('\n'):  # not splitlines(): it splits at the separator too
        if not line:
            continue
        cols = [c.split('\x1e') for c in line.split('\t')]
        for i in range(max(len(c) for c in cols)):
            rows.append([c[i] if i < len(c) else '' for c in cols])
    return rows


def vigie(binary, conf, pcap):
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([binary, '-c', conf, '-k', 'none', '-r', pcap, '-l', d],
                       capture_output=True, check=True)
        recs = []
        with open(os.path.join(d, 'eve.json')) as f:
            for line in f:
                r = json.loads(line)
                if r.get('event_type') == 'http':
                    recs.append(r['http'])
        return recs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, '..', '..'))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'build', 'vigie')
    shared = os.environ.get('VIGIE_SHARED', os.path.join(root, '..', 'shared'))
    conf = os.path.join(here, 'http-only.yaml')
    bad = 0
    total = 0
    for p in PCAPS:
        pcap = p.replace('${SHARED}', shared)
        if not os.path.exists(pcap):
            print('SKIP %s: missing' % pcap)
            continue
        total += 1
        recs = vigie(binary, conf, pcap)
        v_req = collections.Counter((r.get('url', ''), r.get('hostname', '')) for r in recs
                                    if 'http_method' in r)
        v_st = collections.Counter(str(r['status']) for r in recs if 'status' in r)
        # HTTP over UDP (SSDP) is not HTTP/1 for Suricata: rows with a UDP port are left out
        t_req = collections.Counter((row[0], norm_host(row[1]))
                                    for row in tshark(pcap, 'http.request.method',
                                                      ['http.request.uri', 'http.host',
                                                       'udp.srcport'])
                                    if not row[2])
        t_st = collections.Counter(row[0] for row in tshark(pcap, 'http.response.code',
                                                            ['http.response.code', 'udp.srcport'])
                                   if not row[1])
        ok = v_req == t_req and v_st == t_st
        print('%s %s: %d requests, %d responses' % ('OK  ' if ok else 'DIFF', p,
                                                     sum(t_req.values()), sum(t_st.values())))
        if not ok:
            bad += 1
            for k in (t_req - v_req):
                print('   tshark only: request %s' % (k,))
            for k in (v_req - t_req):
                print('   vigie only:  request %s' % (k,))
            for k in (t_st - v_st):
                print('   tshark only: status %s' % k)
            for k in (v_st - t_st):
                print('   vigie only:  status %s' % k)
    print('%d captures, %d differ' % (total, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
