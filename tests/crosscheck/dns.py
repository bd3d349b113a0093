#!/usr/bin/env python3
"""dns.py - cross-check Vigie's DNS records against tshark.

Usage: tests/crosscheck/dns.py [VIGIE]   (default build/vigie)

For each capture of dns-pcaps.txt (paths relative to the repository, ${SHARED} = ../shared
or $VIGIE_SHARED), runs Vigie with dns-only.yaml (dns records, v3, detailed answers) and
tshark over the same file, and compares, as multisets over the whole capture:
  - the queries of requests: (rrname, rrtype);
  - the answers of responses: (rrname, rrtype, rdata) where rdata is the address of A and
    AAAA records and the target of CNAME, PTR, NS and MX records (else empty).
tshark gives numbers for types (mapped to Suricata's names) and "<Root>" for the root name
(Vigie, as Suricata, writes "<root>"); every other name is compared as is. A TXT record
with several strings is one answer per string in Vigie's records (as Suricata's): runs of
identical TXT answers count once on both sides. Requests are
messages without the QR bit, responses with it, in either direction. Prints one line per
capture and exits 1 when any differs. Standard library only (and tshark).
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

TYPES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 10: "NULL", 12: "PTR", 13: "HINFO",
         15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 35: "NAPTR", 39: "DNAME", 41: "OPT",
         43: "DS", 44: "SSHFP", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 50: "NSEC3",
         52: "TLSA", 64: "SVCB", 65: "HTTPS", 99: "SPF", 255: "ANY", 256: "URI"}

FIELDS = ["dns.flags.response", "dns.count.answers", "dns.qry.name", "dns.qry.type",
          "dns.resp.name", "dns.resp.type", "dns.a", "dns.aaaa", "dns.cname", "dns.ptr.domain_name",
          "dns.ns", "dns.mx.mail_exchange"]


def type_name(t):
    t = int(t)
    return TYPES.get(t, str(t))


def norm(name):
    return "<root>" if name == "<Root>" else name


def split(v):
    return v.split(",") if v else []


def tshark_sets(pcap):
    """(queries, answers) multisets from tshark, one row per DNS message."""
    cmd = ["tshark", "-n", "-r", pcap, "-Y", "dns && !mdns && !llmnr", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    queries, answers = collections.Counter(), collections.Counter()
    for line in out.splitlines():
        col = line.split("\t")
        col += [""] * (len(FIELDS) - len(col))
        resp = col[0] in ("1", "True", "true")
        qnames, qtypes = split(col[2]), split(col[3])
        if not resp:
            for n, t in zip(qnames, qtypes):
                queries[(norm(n), type_name(t))] += 1
            continue
        n_ans = int(col[1] or 0)
        rdata = {"A": split(col[6]), "AAAA": split(col[7]), "CNAME": split(col[8]),
                 "PTR": split(col[9]), "NS": split(col[10]), "MX": split(col[11])}
        names, types = split(col[4])[:n_ans], split(col[5])[:n_ans]
        prev = None
        for n, t in zip(names, types):
            tn = type_name(t)
            value = rdata[tn].pop(0) if rdata.get(tn) else ""
            key = (norm(n), tn, value)
            if tn != "TXT" or key != prev:
                answers[key] += 1
            prev = key
    return queries, answers


def expand_v6(addr):
    """tshark's compressed IPv6 text in Suricata's form (8 groups of 4 hex digits)."""
    if ":" not in addr:
        return addr
    head, _, tail = addr.partition("::")
    h = [g for g in head.split(":") if g] if head else []
    t = [g for g in tail.split(":") if g] if tail else []
    if "::" not in addr:
        h, t = addr.split(":"), []
    groups = h + ["0"] * (8 - len(h) - len(t)) + t
    return ":".join(g.zfill(4) for g in groups)


def vigie_sets(vigie, pcap, outdir):
    """(queries, answers) multisets from Vigie's dns records."""
    cfg = os.path.join(HERE, "dns-only.yaml")
    subprocess.run([vigie, "-c", cfg, "-r", pcap, "-l", outdir], capture_output=True,
                   check=True)
    queries, answers = collections.Counter(), collections.Counter()
    with open(os.path.join(outdir, "eve.json")) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("event_type") != "dns":
                continue
            dns = rec["dns"]
            if not dns.get("qr"):
                for q in dns.get("queries", []):
                    queries[(q["rrname"], q["rrtype"])] += 1
                continue
            prev = None
            for a in dns.get("answers", []):
                value = a.get("rdata", "") if a["rrtype"] in (
                    "A", "AAAA", "CNAME", "PTR", "NS", "MX") else ""
                key = (a["rrname"], a["rrtype"], value)
                # a TXT record with several strings is one answer per string
                if a["rrtype"] != "TXT" or key != prev:
                    answers[key] += 1
                prev = key
    return queries, answers


def main():
    vigie = sys.argv[1] if len(sys.argv) > 1 else "build/vigie"
    shared = os.environ.get("VIGIE_SHARED", os.path.join(ROOT, "..", "shared"))
    os.chdir(ROOT)
    failed = total = 0
    with open(os.path.join(HERE, "dns-pcaps.txt")) as f:
        lines = [l.split("#")[0].strip() for l in f]
    with tempfile.TemporaryDirectory() as tmp:
        for i, pcap in enumerate(l for l in lines if l):
            pcap = pcap.replace("${SHARED}", shared)
            total += 1
            out = os.path.join(tmp, str(i))
            os.makedirs(out)
            tq, ta = tshark_sets(pcap)
            ta = collections.Counter({(n, t, expand_v6(v) if t == "AAAA" else v): c
                                      for (n, t, v), c in ta.items()})
            vq, va = vigie_sets(vigie, pcap, out)
            ok = tq == vq and ta == va
            print("%-4s %-70s queries %d/%d answers %d/%d" % (
                "ok" if ok else "DIFF", os.path.relpath(pcap, ROOT), sum(vq.values()),
                sum(tq.values()), sum(va.values()), sum(ta.values())))
            if not ok:
                failed += 1
                for what, v, t in (("queries", vq, tq), ("answers", va, ta)):
                    for k in (v - t):
                        print("    vigie only %s: %s" % (what, k))
                    for k in (t - v):
                        print("    tshark only %s: %s" % (what, k))
    print("%d captures, %d differ" % (total, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
