#!/usr/bin/env python3
"""tls.py - cross-check Vigie's TLS records against tshark: SNI, JA3, certificate subject.

Usage: tests/crosscheck/tls.py [VIGIE]   (default build/vigie)

For each capture of tls-pcaps.txt (paths relative to the repository, ${SHARED} = ../shared
or $VIGIE_SHARED), runs Vigie and reads its "tls" records, and asks tshark for every
ClientHello (client port, tls.handshake.extensions_server_name, tls.handshake.ja3) and the
subject of the first certificate of each connection (tshark -V, its rdnSequence turned into
Suricata's "C=.., O=.., CN=.." order and names). Connections are matched by client port.
Fails when a Vigie record has no ClientHello in tshark, or its SNI, JA3 hash or subject
differs from tshark's; also when tshark saw a certificate (or a TLS 1.3 ServerHello) on a
connection Vigie wrote no record for. Connections without either are not logged by
Vigie, as Suricata (no certificate, not resumed-and-configured): listed, not failed.
Exit 0 when everything agrees, 1 otherwise.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RDN_NAMES = {
    'id-at-countryName': 'C',
    'id-at-stateOrProvinceName': 'ST',
    'id-at-localityName': 'L',
    'id-at-organizationName': 'O',
    'id-at-organizationalUnitName': 'OU',
    'id-at-commonName': 'CN',
    'pkcs-9-at-emailAddress': 'Email',
    'id-domainComponent': 'DC',
}


def tshark_hellos(pcap):
    """client port -> (sni, ja3 hash) of its first ClientHello."""
    out = subprocess.run(['tshark', '-n', '-r', pcap, '-Y', 'tls.handshake.type == 1', '-T',
                          'fields', '-e', 'tcp.srcport', '-e',
                          'tls.handshake.extensions_server_name', '-e', 'tls.handshake.ja3'],
                         capture_output=True, text=True).stdout
    hellos = {}
    for line in out.splitlines():
        parts = line.split('\t')
        if len(parts) < 3 or not parts[0]:
            continue
        hellos.setdefault(int(parts[0]), (parts[1], parts[2].split(',')[0]))
    return hellos


def tshark_certs(pcap):
    """client port -> subject of the first certificate, and the set of client ports whose
    server chose TLS 1.3."""
    out = subprocess.run(['tshark', '-n', '-r', pcap, '-Y',
                          'tls.handshake.type == 11 || tls.handshake.extensions.supported_version',
                          '-V'], capture_output=True, text=True).stdout
    certs, tls13 = {}, set()
    client = None
    in_cert = False
    want_subject = False
    for line in out.splitlines():
        m = re.search(r'Transmission Control Protocol, Src Port: (\d+), Dst Port: (\d+)', line)
        if m:
            client = int(m.group(2))
            in_cert = False
            continue
        if 'Handshake Type: Server Hello (2)' in line:
            in_cert = False
        if 'Supported Version: TLS 1.3' in line and 'Extension' not in line and client:
            tls13.add(client)
        if 'Handshake Type: Certificate (11)' in line:
            in_cert = True
        if in_cert and re.search(r'^\s+subject: rdnSequence', line):
            want_subject = True
            continue
        if want_subject:
            want_subject = False
            m = re.search(r'rdnSequence: \d+ items? \((.*)\)\s*$', line)
            if m and client is not None and client not in certs:
                attrs = []
                for item in m.group(1).split(','):
                    k, _, v = item.partition('=')
                    attrs.append((RDN_NAMES.get(k.strip(), k.strip()), v))
                certs[client] = ', '.join(k + '=' + v for k, v in reversed(attrs))
            in_cert = False
    return certs, tls13


def vigie_records(vigie, pcap, outdir):
    subprocess.run([vigie, '-k', 'none', '-r', pcap, '-l', outdir], capture_output=True, text=True,
                   timeout=120)
    recs = []
    path = os.path.join(outdir, 'eve.json')
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    if r.get('event_type') == 'tls':
                        recs.append(r)
    return recs


def check(vigie, pcap, tmp):
    hellos = tshark_hellos(pcap)
    certs, tls13 = tshark_certs(pcap)
    recs = vigie_records(vigie, pcap, tmp)
    errors, notes = [], []
    seen = set()
    counts = {'sni': 0, 'ja3': 0, 'subject': 0}
    for r in recs:
        port = r.get('src_port')
        tls = r.get('tls', {})
        seen.add(port)
        if port not in hellos:
            if 'sni' in tls or 'ja3' in tls:
                errors.append('port %s: vigie record, no ClientHello in tshark' % port)
            continue
        sni, ja3 = hellos[port]
        counts['sni'] += bool(sni)
        counts['ja3'] += bool(ja3)
        counts['subject'] += port in certs
        if tls.get('sni', '') != sni:
            errors.append('port %s: sni vigie %r tshark %r' % (port, tls.get('sni'), sni))
        if ja3 and tls.get('ja3', {}).get('hash') != ja3:
            errors.append('port %s: ja3 vigie %r tshark %r' %
                          (port, tls.get('ja3', {}).get('hash'), ja3))
        if port in certs and tls.get('subject') != certs[port]:
            errors.append('port %s: subject vigie %r tshark %r' %
                          (port, tls.get('subject'), certs[port]))
    for port in sorted(hellos):
        if port in seen:
            continue
        if port in certs or port in tls13:
            errors.append('port %s: tshark saw a certificate or TLS 1.3, vigie no record' % port)
        else:
            notes.append('port %s: no certificate, not logged (as Suricata)' % port)
    return len(recs), len(hellos), counts, errors, notes


def main():
    vigie = sys.argv[1] if len(sys.argv) > 1 else 'build/vigie'
    shared = os.environ.get('VIGIE_SHARED', os.path.join(ROOT, '..', 'shared'))
    os.chdir(ROOT)
    failed = 0
    total = 0
    with open(os.path.join(HERE, 'tls-pcaps.txt')) as f:
        pcaps = [l.split('#')[0].strip() for l in f]
    print('%-60s %5s %6s %4s %4s %4s' % ('capture', 'vigie', 'tshark', 'sni', 'ja3', 'subj'))
    for pcap in pcaps:
        if not pcap:
            continue
        pcap = pcap.replace('${SHARED}', shared)
        total += 1
        if not os.path.exists(pcap):
            print('missing capture: %s' % pcap)
            failed += 1
            continue
        with tempfile.TemporaryDirectory() as tmp:
            nv, nt, counts, errors, notes = check(vigie, pcap, tmp)
        print('%-60s %5d %6d %4d %4d %4d %s' % (pcap[-60:], nv, nt, counts['sni'], counts['ja3'],
                                                counts['subject'], 'FAIL' if errors else 'ok'))
        for e in errors:
            print('    ' + e)
        for n in notes:
            print('    (%s)' % n)
        failed += bool(errors)
    print('tls crosscheck: %d captures, %d differ' % (total, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
