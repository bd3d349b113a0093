#!/usr/bin/env python3
"""ssh.py - cross-check Vigie's SSH records against tshark: banners and HASSH.

Usage: tests/crosscheck/ssh.py [VIGIE]   (default build/vigie)

For each capture of ssh-pcaps.txt (paths relative to the repository, ${SHARED} = ../shared
or $VIGIE_SHARED), runs Vigie with HASSH on (app-layer.protocols.ssh.hassh=yes, ssh records
only) and reads its "ssh" records; asks tshark for every banner (ssh.protocol, split as
Suricata does: "SSH-<proto_version>-<software_version>[ comments]") and every KEXINIT's
HASSH (ssh.kex.hassh, ssh.kex.hassh_algorithms for the client, ssh.kex.hasshserver and
ssh.kex.hasshserver_algorithms for the server), keyed by client port. Fails when a side of a
Vigie record differs from tshark (protocol version, software version, HASSH hash and
string), when tshark saw a banner on a connection Vigie wrote no record for, or when one
side has a value the other lacks. Exit 0 when everything agrees, 1 otherwise.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIG = """%YAML 1.1
---
app-layer:
  protocols:
    ssh:
      hassh: yes
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve.json
      types:
        - ssh
"""


def split_banner(line):
    """(proto_version, software_version) of a banner line, as Suricata splits it."""
    if not line.startswith('SSH-') or '-' not in line[4:]:
        return None, None
    proto, rest = line[4:].split('-', 1)
    soft = rest.split(' ')[0].split('\r')[0].split('\n')[0]
    return proto, soft or None


def tshark_sides(pcap):
    """client port -> {'client': {...}, 'server': {...}} as tshark sees them."""
    out = subprocess.run(['tshark', '-n', '-r', pcap, '-Y',
                          'ssh.protocol || ssh.kex.hassh || ssh.kex.hasshserver', '-T', 'fields',
                          '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'ssh.direction',
                          '-e', 'ssh.protocol', '-e', 'ssh.kex.hassh', '-e',
                          'ssh.kex.hassh_algorithms', '-e', 'ssh.kex.hasshserver', '-e',
                          'ssh.kex.hasshserver_algorithms'],
                         capture_output=True, text=True).stdout
    flows = {}
    for line in out.splitlines():
        f = line.split('\t') + [''] * 8
        sport, dport = int(f[0]), int(f[1])
        # ssh.direction: 0 client to server, 1 server to client (tshark 4)
        to_server = f[2] in ('0', 'False') if f[2] else dport == 22
        client = sport if to_server else dport
        side = flows.setdefault(client, {}).setdefault('client' if to_server else 'server', {})
        if f[3] and 'proto_version' not in side:
            proto, soft = split_banner(f[3])
            side['proto_version'] = proto
            if soft is not None:
                side['software_version'] = soft
        if f[4] and 'hassh' not in side:
            side['hassh'] = {'hash': f[4], 'string': f[5]}
        if f[6] and 'hassh' not in side:
            side['hassh'] = {'hash': f[6], 'string': f[7]}
    return flows


def vigie_sides(vigie, pcap):
    """client port -> the ssh object of Vigie's record."""
    with tempfile.TemporaryDirectory() as tmp:
        conf = os.path.join(tmp, 'ssh.yaml')
        with open(conf, 'w') as f:
            f.write(CONFIG)
        r = subprocess.run([vigie, '-c', conf, '-k', 'none', '-r', pcap, '-l', tmp],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError('vigie failed: ' + r.stderr.strip().splitlines()[-1])
        flows = {}
        with open(os.path.join(tmp, 'eve.json')) as f:
            for line in f:
                rec = json.loads(line)
                if rec.get('event_type') == 'ssh':
                    flows[rec['src_port']] = rec.get('ssh', {})
        return flows


def compare(name, vflows, tflows):
    bad = 0
    for port in sorted(set(vflows) | set(tflows)):
        v, t = vflows.get(port), tflows.get(port)
        if v is None:
            print('%s: client port %d: tshark saw %s, vigie wrote no ssh record' %
                  (name, port, json.dumps(t)))
            bad += 1
            continue
        if t is None:
            print('%s: client port %d: vigie record %s, tshark saw no banner' %
                  (name, port, json.dumps(v)))
            bad += 1
            continue
        for side in ('client', 'server'):
            if v.get(side, {}) != t.get(side, {}):
                print('%s: client port %d %s: vigie %s, tshark %s' %
                      (name, port, side, json.dumps(v.get(side)), json.dumps(t.get(side))))
                bad += 1
    return bad


def main():
    vigie = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build', 'vigie')
    shared = os.environ.get('VIGIE_SHARED', os.path.join(ROOT, '..', 'shared'))
    bad = total = sessions = 0
    with open(os.path.join(HERE, 'ssh-pcaps.txt')) as f:
        for line in f:
            pcap = line.split('#')[0].strip()
            if not pcap:
                continue
            pcap = pcap.replace('${SHARED}', shared)
            if not os.path.isabs(pcap):
                pcap = os.path.join(ROOT, pcap)
            total += 1
            name = os.path.relpath(pcap, shared) if pcap.startswith(shared) else pcap
            try:
                vflows = vigie_sides(vigie, pcap)
            except (RuntimeError, OSError) as e:
                print('%s: %s' % (name, e))
                bad += 1
                continue
            tflows = tshark_sides(pcap)
            n = compare(name, vflows, tflows)
            sessions += len(vflows)
            print('%-60s %3d sessions %s' % (name, len(vflows), 'MISMATCH' if n else 'ok'))
            bad += n
    print('ssh crosscheck: %d captures, %d sessions, %d differences' % (total, sessions, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
