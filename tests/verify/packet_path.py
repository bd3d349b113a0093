#!/usr/bin/env python3
"""packet_path.py [RESULTS_JSON] - the suricata-verify tests of the packet path.

A packet-path test is one whose checks all look at flow, decoder anomaly or stats records
only (or, without rules, one that has no checks: the engine must just run and exit 0): filter checks on event_type flow / anomaly / stats without application-layer,
alert or stream-state keys, and stats checks on capture, decoder, defrag and flow
counters. Lists them (from $VIGIE_SHARED or ../shared); with svrun.py's --json results,
adds each one's status and reason, in the Markdown used by README.md's
"suricata-verify status" section.
"""

import json
import os
import sys

import yaml

SHARED = os.environ.get("VIGIE_SHARED", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared"))
TESTS = os.path.join(SHARED, "verify", "tests")
STATS_OK = ("decoder.", "flow.", "defrag.", "capture.", "flow_bypassed.")
BAD_KEYS = ("app_proto", "alert", "tx_id", "metadata", "files", "fileinfo", "http", "dns",
            "tls", "smb", "stream", "tcp.state", "flow.tx_cnt")


def filter_ok(body):
    match = body.get("match") or {}
    et = match.get("event_type")
    if et not in ("flow", "anomaly", "stats"):
        return False
    for key, value in match.items():
        if any(key == b or key.startswith(b + ".") or key.startswith(b + "[") for b in BAD_KEYS):
            return False
        if key == "flow.alerted" and value is True:
            return False
        if key == "anomaly.type" and value != "decode":
            return False
        if key == "anomaly.event" and not str(value).startswith("decoder."):
            return False
        if et == "stats" and key.startswith("stats.") and \
                not key[len("stats."):].startswith(STATS_OK):
            return False
    return True


def is_packet_path(test_dir):
    try:
        with open(os.path.join(test_dir, "test.yaml")) as f:
            t = yaml.safe_load(f) or {}
    except (OSError, yaml.YAMLError):
        return False
    checks = t.get("checks") or []
    if not checks:
        # no checks: the test is that the engine runs the pcap and exits as expected;
        # with rules it is a rule-engine test, without it a packet-path one
        has_rules = t.get("rules") or any(f.endswith(".rules") for f in os.listdir(test_dir))
        return not has_rules
    for chk in checks:
        if not isinstance(chk, dict) or len(chk) != 1:
            return False
        kind, body = next(iter(chk.items()))
        if kind == "filter":
            if not filter_ok(body or {}):
                return False
        elif kind == "stats":
            for key in (body or {}):
                if key in ("filename",):
                    continue
                if not str(key).startswith(STATS_OK):
                    return False
        else:
            return False
    return True


def main():
    names = []
    for root, dirs, files in os.walk(TESTS):
        dirs.sort()
        if "test.yaml" in files and is_packet_path(root):
            names.append(os.path.relpath(root, TESTS))
    names.sort()
    results = {}
    if len(sys.argv) > 1:
        with open(sys.argv[1]) as f:
            results = {t["name"]: t for t in json.load(f)["tests"]}
    for n in names:
        if results:
            r = results.get(n, {"status": "NOT RUN", "reason": ""})
            print("%s\t%s\t%s" % (r["status"], n, r.get("reason", "")))
        else:
            print(n)
    print("%d packet-path tests" % len(names), file=sys.stderr)


if __name__ == "__main__":
    main()
