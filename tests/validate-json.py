#!/usr/bin/python3
# Validate pfnclass -J documents against data/pfnclass.schema.json.
# usage: validate-json.py SCHEMA FILE...   exit 0 all valid, 1 invalid, 77 no jsonschema.
# Also checks that the schema is a valid draft 2020-12 schema and that it rejects a few
# broken variants of the first document (so a vacuous schema cannot pass).
import copy
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3 jsonschema module missing", file=sys.stderr)
    sys.exit(77)


def broken_variants(doc):
    """Yield (description, document) pairs the schema must reject."""
    d = copy.deepcopy(doc)
    d["unexpected_key"] = 1
    yield "unknown top-level key", d
    d = copy.deepcopy(doc)
    del d["partial"]
    yield "missing partial", d
    d = copy.deepcopy(doc)
    d["host"]["smp"] = "yes"
    yield "smp not boolean", d
    ranges = doc.get("ranges") or []
    if ranges:
        r0 = ranges[0]
        for key, bad in (("vstart", 4096), ("vstart", "0X1000"), ("pages", "1"),
                         ("class", "ramm"), ("mas2", 128), ("wimge", "WIMG"),
                         ("detail", ["bogus"]), ("pfn_start", 42)):
            if key in r0:
                d = copy.deepcopy(doc)
                d["ranges"][0][key] = bad
                yield "range %s=%r" % (key, bad), d
    if "summary" in doc:
        d = copy.deepcopy(doc)
        d["summary"]["details"]["zero"] = -1
        yield "negative detail count", d


def main():
    if len(sys.argv) < 3:
        print("usage: validate-json.py SCHEMA FILE...", file=sys.stderr)
        return 99
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    status = 0
    for i, path in enumerate(sys.argv[2:]):
        with open(path) as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if len(errors) > 5:
            print("%s: %d errors, the first 5:" % (path, len(errors)), file=sys.stderr)
        for e in errors[:5]:
            print("%s: %s: %s" % (path, "/".join(map(str, e.path)) or "(root)", e.message),
                  file=sys.stderr)
            status = 1
        if i == 0:
            for what, bad in broken_variants(doc):
                if validator.is_valid(bad):
                    print("%s: schema accepts a broken document (%s)" % (path, what),
                          file=sys.stderr)
                    status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
