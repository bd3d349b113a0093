#!/usr/bin/env python3
"""passlist.py check|update PASSLIST RESULTS_JSON - the suricata-verify pass-list.

check: every test named in PASSLIST (one name a line, '#' comments) must have status PASS
in RESULTS_JSON (svrun.py --json); prints the regressions with svrun's reason and exits 1
if there is any. Tests that pass but are not listed are printed as new passes (exit 0).
update: rewrite PASSLIST with every test that passes in RESULTS_JSON, sorted.
"""

import json
import sys

HEADER = """\
# suricata-verify tests that Vigie passes (../shared/verify/tests), one per line.
# CI (tests/verify/verify.sh) fails when one of them stops passing.
# Regenerate from a full run: tests/verify/verify.sh build/vigie --update
"""


def read_list(path):
    names = []
    try:
        with open(path) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    names.append(line)
    except FileNotFoundError:
        pass
    return names


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("check", "update"):
        print(__doc__)
        return 2
    mode, listfile, results = sys.argv[1:]
    with open(results) as f:
        tests = {t["name"]: t for t in json.load(f)["tests"]}
    passing = sorted(n for n, t in tests.items() if t["status"] == "PASS")
    if mode == "update":
        with open(listfile, "w") as f:
            f.write(HEADER + "".join(n + "\n" for n in passing))
        print("passlist: wrote %d tests to %s" % (len(passing), listfile))
        return 0
    listed = read_list(listfile)
    regressions = [n for n in listed if tests.get(n, {}).get("status") != "PASS"]
    new = [n for n in passing if n not in set(listed)]
    for n in regressions:
        t = tests.get(n)
        print("REGRESSION %s: %s" % (n, "%s %s" % (t["status"], t.get("reason", ""))
                                      if t else "not run"))
    for n in new:
        print("new pass (not in passlist.txt yet): %s" % n)
    print("passlist: %d listed, %d regressed, %d new pass(es), %d passing in all"
          % (len(listed), len(regressions), len(new), len(passing)))
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
