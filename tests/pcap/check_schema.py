#!/usr/bin/env python3
"""check_schema.py - validate every line of an eve.json against Suricata's EVE schema.

Usage: check_schema.py EVE.json [--schema PATH]

Each line must be valid UTF-8, one JSON object, and valid against the schema (by default
../shared/verify/etc/eve-schema.json beside the repository). On the first bad line prints
"line N: reason" and exits 1; otherwise prints a one-line summary and exits 0. Exit 2 on a
usage error or an unreadable file.

Uses python3-jsonschema (Debian package) when available; otherwise a small built-in
validator for the subset of JSON Schema the EVE schema uses (type, properties,
additionalProperties, required, items, minItems, enum, const, pattern, minimum, oneOf,
anyOf, allOf, $ref to #/$defs/...).
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "shared", "verify", "etc", "eve-schema.json"))


class MiniValidator:
    """Validator for the JSON Schema subset used by Suricata's eve-schema.json."""

    TYPES = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }

    def __init__(self, schema):
        self.root = schema
        self.patterns = {}

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError("unsupported $ref %s" % ref)
        node = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def error(self, value):
        """Returns (path, message) of the first error, or None."""
        return self.check(self.root, value, "$")

    def check(self, s, v, path):
        if s is True or s == {}:
            return None
        if s is False:
            return (path, "not allowed")
        if "$ref" in s:
            err = self.check(self.resolve(s["$ref"]), v, path)
            if err:
                return err
        t = s.get("type")
        if t is not None:
            types = t if isinstance(t, list) else [t]
            if not any(self.TYPES[x](v) for x in types):
                return (path, "%s is not of type %s" % (json.dumps(v)[:80], "/".join(types)))
        if "const" in s and v != s["const"]:
            return (path, "%s is not %s" % (json.dumps(v)[:80], json.dumps(s["const"])))
        if "enum" in s and v not in s["enum"]:
            return (path, "%s is not one of %s" % (json.dumps(v)[:80], json.dumps(s["enum"])))
        if isinstance(v, str) and "pattern" in s:
            rx = self.patterns.get(s["pattern"])
            if rx is None:
                rx = self.patterns[s["pattern"]] = re.compile(s["pattern"])
            if not rx.search(v):
                return (path, "%s does not match %s" % (json.dumps(v)[:80], s["pattern"]))
        if isinstance(v, (int, float)) and not isinstance(v, bool) and "minimum" in s:
            if v < s["minimum"]:
                return (path, "%s is less than %s" % (v, s["minimum"]))
        if isinstance(v, dict):
            err = self.check_object(s, v, path)
            if err:
                return err
        if isinstance(v, list):
            if "minItems" in s and len(v) < s["minItems"]:
                return (path, "array has fewer than %d items" % s["minItems"])
            if "items" in s:
                for i, item in enumerate(v):
                    err = self.check(s["items"], item, "%s[%d]" % (path, i))
                    if err:
                        return err
        for sub in s.get("allOf", []):
            err = self.check(sub, v, path)
            if err:
                return err
        if "anyOf" in s and all(self.check(sub, v, path) for sub in s["anyOf"]):
            return (path, "not valid under any of the anyOf schemas")
        if "oneOf" in s:
            ok = sum(1 for sub in s["oneOf"] if self.check(sub, v, path) is None)
            if ok != 1:
                return (path, "valid under %d of the oneOf schemas, not exactly one" % ok)
        return None

    def check_object(self, s, v, path):
        for key in s.get("required", []):
            if key not in v:
                return (path, "'%s' is a required property" % key)
        props = s.get("properties", {})
        extra = s.get("additionalProperties", True)
        for key, item in v.items():
            sub = "%s.%s" % (path, key)
            if key in props:
                err = self.check(props[key], item, sub)
            elif extra is False:
                return (path, "additional property '%s' is not allowed" % key)
            elif isinstance(extra, dict):
                err = self.check(extra, item, sub)
            else:
                err = None
            if err:
                return err
        return None


def make_validator(schema, force_builtin=False):
    """Returns a function value -> None or 'path: message'."""
    if not force_builtin:
        try:
            import jsonschema
        except ImportError:
            jsonschema = None
        if jsonschema is not None:
            cls = jsonschema.validators.validator_for(
                schema, default=getattr(jsonschema, "Draft202012Validator",
                                        jsonschema.Draft7Validator))
            validator = cls(schema)

            def check(value):
                err = jsonschema.exceptions.best_match(validator.iter_errors(value))
                if err is None:
                    return None
                where = "$" + "".join(
                    "[%d]" % p if isinstance(p, int) else ".%s" % p for p in err.absolute_path)
                return "%s: %s" % (where, err.message[:300])
            return check
    mini = MiniValidator(schema)

    def check_builtin(value):
        err = mini.error(value)
        return None if err is None else "%s: %s" % err
    return check_builtin


def main(argv=None):
    ap = argparse.ArgumentParser(description="Validate an eve.json against Suricata's schema.")
    ap.add_argument("eve", help="the eve.json file")
    ap.add_argument("--schema", default=DEFAULT_SCHEMA, help="schema (default: %(default)s)")
    ap.add_argument("--builtin", action="store_true",
                    help="use the built-in validator even if jsonschema is installed")
    args = ap.parse_args(argv)

    try:
        with open(args.schema, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: %s" % (args.schema, e), file=sys.stderr)
        return 2
    check = make_validator(schema, args.builtin)
    counts = {}
    try:
        f = open(args.eve, "rb")
    except OSError as e:
        print("%s: %s" % (args.eve, e.strerror), file=sys.stderr)
        return 2
    with f:
        n = 0
        for n, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                print("line %d: no newline at the end (partial line)" % n)
                return 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                print("line %d: invalid UTF-8 at byte %d" % (n, e.start))
                return 1
            if not text.strip():
                print("line %d: empty line" % n)
                return 1
            try:
                rec = json.loads(text)
            except ValueError as e:
                print("line %d: invalid JSON: %s" % (n, e))
                return 1
            if not isinstance(rec, dict):
                print("line %d: not a JSON object" % n)
                return 1
            err = check(rec)
            if err is not None:
                print("line %d: %s" % (n, err))
                return 1
            et = rec.get("event_type", "?")
            counts[et] = counts.get(et, 0) + 1
    summary = ", ".join("%s %d" % (k, counts[k]) for k in sorted(counts))
    print("%s: %d record(s) valid%s" % (args.eve, n, (" (" + summary + ")") if summary else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
