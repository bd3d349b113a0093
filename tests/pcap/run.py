#!/usr/bin/env python3
"""run.py - Vigie's pcap integration tests: one directory per case under tests/pcap/.

A case directory holds:
  input.pcap | input.pcapng | input/   the capture (a directory is read in name order)
  config.yaml                          optional, passed as -c
  args                                 optional extra arguments, split on whitespace;
                                       ${CASE_DIR} expands to the case directory. If they
                                       contain -r, no default -r is added.
  expect.json                          what must hold (below)
  README                               optional: what the case is about

expect.json is either a list of filters or an object:
  {"exit_code": 0,                     expected exit status (default 0)
   "stderr": ["substring", ...],       each must appear in stderr
   "stderr_not": ["substring", ...],   none may appear in stderr
   "eve": true,                        eve.json must exist (default: exit_code == 0)
   "filters": [{"match": {...}, "count": N}, ...],
   "stats": {"decoder.pkts": 4, ...}}  keys under "stats" of the last stats record

A filter counts the eve.json records matching every key of "match" (dotted paths with
[index], Python equality so 80 != "80", null matches an absent key, suffixes __len,
__contains, __find, __startswith, __endswith, __gt, __gte, __lt, __lte, and the keys
"has-key" / "not-has-key"), the semantics of suricata-verify's filter checks. Every case
also fails on a sanitizer report, a crash, or an eve.json line that is not complete JSON.

Usage: tests/pcap/run.py [--vigie build/vigie] [--outdir DIR] [--only NAME...] [-v]
Prints one line per case and "N passed, N failed"; exit 1 if any case failed.
"""

import argparse
import json
import operator
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NUMERIC_OPS = {"__gt": operator.gt, "__gte": operator.ge, "__lt": operator.lt,
               "__lte": operator.le}
STRING_OPS = ("__find", "__contains", "__startswith", "__endswith")
INDEX_RE = re.compile(r"^(.*)\[(\d+)\]$")
SANITIZER_RE = re.compile(r"ERROR: (Address|Leak|Undefined|Memory)Sanitizer|runtime error:")


class CaseFailed(Exception):
    pass


def lookup(obj, key):
    """The value at a dotted key, or None when any step is missing."""
    for part in key.split("."):
        if part == "__len":
            try:
                return len(obj)
            except TypeError:
                return -1
        if part in STRING_OPS or part in NUMERIC_OPS:
            break
        m = INDEX_RE.match(part)
        name, index = (m.group(1), int(m.group(2))) if m else (part, None)
        if not isinstance(obj, dict) or name not in obj:
            return None
        obj = obj[name]
        if index is not None:
            if not isinstance(obj, list) or index >= len(obj):
                return None
            obj = obj[index]
    return obj


def value_matches(key, actual, expected):
    op = key.rsplit(".", 1)[-1]
    if op == "__find":
        return isinstance(actual, str) and expected in actual
    if op == "__contains":
        try:
            return actual is not None and expected in actual
        except TypeError:
            return False
    if op == "__startswith":
        return isinstance(actual, str) and actual.startswith(expected)
    if op == "__endswith":
        return isinstance(actual, str) and actual.endswith(expected)
    if op in NUMERIC_OPS:
        ok = (int, float)
        if isinstance(actual, bool) or not isinstance(actual, ok) or not isinstance(expected, ok):
            return False
        return NUMERIC_OPS[op](actual, expected)
    if isinstance(actual, bool) != isinstance(expected, bool):
        return False
    return actual == expected


def record_matches(match, rec):
    for key, expected in match.items():
        if key in ("has-key", "not-has-key"):
            for name in expected if isinstance(expected, list) else [expected]:
                if (lookup(rec, name) is not None) != (key == "has-key"):
                    return False
        elif not value_matches(key, lookup(rec, key), expected):
            return False
    return True


def load_eve(path):
    recs = []
    with open(path, "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        raise CaseFailed("eve.json does not end with a newline (partial line)")
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            recs.append(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError) as e:
            raise CaseFailed("eve.json line %d is not valid JSON: %s" % (n, e))
    return recs


def case_command(vigie, case, outdir):
    args = []
    path = os.path.join(case, "args")
    if os.path.exists(path):
        with open(path) as f:
            args = shlex.split(f.read().replace("${CASE_DIR}", case), comments=True)
    cmd = [vigie]
    if "-r" not in args:
        for name in ("input.pcap", "input.pcapng", "input"):
            if os.path.exists(os.path.join(case, name)):
                cmd += ["-r", os.path.join(case, name)]
                break
        else:
            raise CaseFailed("no input.pcap, input.pcapng or input/ and no -r in args")
    if os.path.exists(os.path.join(case, "config.yaml")):
        cmd += ["-c", os.path.join(case, "config.yaml")]
    return cmd + ["-l", outdir] + args


def check_filters(filters, recs):
    for i, flt in enumerate(filters, 1):
        match = flt.get("match", {})
        got = sum(1 for r in recs if isinstance(r, dict) and record_matches(match, r))
        if got != flt["count"]:
            raise CaseFailed("filter %d: expected %d record(s), got %d for %s"
                             % (i, flt["count"], got, json.dumps(match)))


def check_stats(expected, recs):
    stats = [r for r in recs if r.get("event_type") == "stats"]
    if not stats:
        raise CaseFailed("no stats record")
    last = stats[-1].get("stats", {})
    for key, value in expected.items():
        got = lookup(last, key)
        if not value_matches(key, got, value):
            raise CaseFailed("stats %s: expected %r, got %r" % (key, value, got))


def run_case(vigie, case, outdir, timeout, verbose):
    with open(os.path.join(case, "expect.json")) as f:
        expect = json.load(f)
    if isinstance(expect, list):
        expect = {"filters": expect}
    os.makedirs(outdir, exist_ok=True)
    cmd = case_command(vigie, case, outdir)
    with open(os.path.join(outdir, "cmdline"), "w") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
    if verbose:
        print("    " + " ".join(shlex.quote(c) for c in cmd))
    env = dict(os.environ, TZ="UTC")
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise CaseFailed("timeout after %ds" % timeout)
    stderr = proc.stderr.decode("utf-8", "replace")
    with open(os.path.join(outdir, "stderr"), "w") as f:
        f.write(stderr)
    with open(os.path.join(outdir, "stdout"), "wb") as f:
        f.write(proc.stdout)
    if SANITIZER_RE.search(stderr):
        raise CaseFailed("sanitizer report: " + SANITIZER_RE.search(stderr).group(0))
    if proc.returncode < 0:
        raise CaseFailed("killed by signal %d" % -proc.returncode)
    want_rc = expect.get("exit_code", 0)
    if proc.returncode != want_rc:
        raise CaseFailed("exit status %d, expected %d; stderr: %s"
                         % (proc.returncode, want_rc, stderr.strip()[-300:]))
    for s in expect.get("stderr", []):
        if s not in stderr:
            raise CaseFailed("stderr lacks %r; stderr: %s" % (s, stderr.strip()[-300:]))
    for s in expect.get("stderr_not", []):
        if s in stderr:
            raise CaseFailed("stderr has %r" % s)
    eve = os.path.join(outdir, "eve.json")
    if expect.get("eve", want_rc == 0) and not os.path.exists(eve):
        raise CaseFailed("eve.json was not written")
    recs = load_eve(eve) if os.path.exists(eve) else []
    check_filters(expect.get("filters", []), recs)
    if "stats" in expect:
        check_stats(expect["stats"], recs)
    n = len(expect.get("filters", [])) + len(expect.get("stats", {}))
    return "%d check(s) passed" % n


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--vigie", default=os.path.join(HERE, "..", "..", "build", "vigie"))
    p.add_argument("--outdir", help="keep outputs here (default: a temporary directory)")
    p.add_argument("--only", nargs="+", metavar="NAME")
    p.add_argument("--timeout", type=int, default=60)
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    vigie = os.path.abspath(args.vigie)
    if not os.access(vigie, os.X_OK):
        p.error("%s is not an executable" % vigie)
    cases = sorted(d for d in os.listdir(HERE)
                   if os.path.isfile(os.path.join(HERE, d, "expect.json")))
    if args.only:
        cases = [c for c in cases if c in args.only]
    tmp = None
    outroot = args.outdir
    if outroot:
        shutil.rmtree(outroot, ignore_errors=True)
    else:
        outroot = tmp = tempfile.mkdtemp(prefix="vigie-pcap-")
    passed = failed = 0
    for name in cases:
        try:
            msg = run_case(vigie, os.path.join(HERE, name), os.path.join(outroot, name),
                           args.timeout, args.verbose)
            print("PASS %s: %s" % (name, msg))
            passed += 1
        except CaseFailed as e:
            print("FAIL %s: %s (outputs: %s)" % (name, e, os.path.join(outroot, name)))
            failed += 1
        sys.stdout.flush()
    if tmp and not failed:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
