#!/usr/bin/env python3
"""eve-summary.py EVE_JSON - a short human summary of an eve.json file.

Records per event type, flows per protocol and state, the busiest flows, anomalies by
event name, and the main counters of the last stats record. Used by scripts/sample.sh.
"""

import collections
import json
import sys


def main():
    path = sys.argv[1]
    recs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    recs.append(json.loads(line))
                except ValueError as e:
                    print("%s:%d: invalid JSON: %s" % (path, n, e))
                    return 1
    types = collections.Counter(r.get("event_type") for r in recs)
    print("\n%s: %d records (%s)" % (path, len(recs), ", ".join(
        "%s %d" % kv for kv in sorted(types.items()))))
    flows = [r for r in recs if r.get("event_type") == "flow"]
    if flows:
        by = collections.Counter((r.get("proto"), r.get("flow", {}).get("state")) for r in flows)
        print("flows by protocol/state: " + ", ".join(
            "%s/%s %d" % (p, s, n) for (p, s), n in sorted(by.items(), key=str)))
        top = sorted(flows, key=lambda r: -(r["flow"].get("bytes_toserver", 0)
                                            + r["flow"].get("bytes_toclient", 0)))[:5]
        print("largest flows:")
        for r in top:
            fl = r["flow"]
            print("  %-5s %s:%s -> %s:%s  pkts %d/%d  bytes %d/%d  %s" % (
                r.get("proto"), r.get("src_ip"), r.get("src_port", ""), r.get("dest_ip"),
                r.get("dest_port", ""), fl.get("pkts_toserver", 0), fl.get("pkts_toclient", 0),
                fl.get("bytes_toserver", 0), fl.get("bytes_toclient", 0), fl.get("state", "")))
    anomalies = collections.Counter(
        "%s.%s" % (r["anomaly"].get("type", "?"), r["anomaly"].get("event", "?"))
        for r in recs if r.get("event_type") == "anomaly" and "anomaly" in r)
    if anomalies:
        print("anomalies: " + ", ".join("%s %d" % kv for kv in sorted(anomalies.items())))
    stats = [r for r in recs if r.get("event_type") == "stats"]
    if stats:
        s = stats[-1]["stats"]
        cap = s.get("decoder", {})
        fl = s.get("flow", {})
        print("stats: decoder.pkts %s, decoder.bytes %s, decoder.invalid %s, flow.total %s" % (
            cap.get("pkts"), cap.get("bytes"), cap.get("invalid"), fl.get("total")))
        events = []

        def walk(node, prefix):
            for k, v in node.items():
                if isinstance(v, dict):
                    walk(v, prefix + k + ".")
                elif v:
                    events.append("%s%s %s" % (prefix, k, v))
        walk(cap.get("event", {}), "decoder.event.")
        if events:
            print("decoder events: " + ", ".join(events))
    return 0


if __name__ == "__main__":
    sys.exit(main())
