#!/usr/bin/python3
# Validate pfnclass JSON documents against one of the schemas in data/:
#   pfnclass.schema.json       range document (-p, --vm, --host, --input with a target)
#   pfnclass-vms.schema.json   all-VMs summary (no target)
#   pfnclass-diff.schema.json  pfnclass diff -J
# usage: validate-json.py SCHEMA FILE...   exit 0 all valid, 1 invalid, 77 no jsonschema.
#
# Also checks that the schema is a valid draft 2020-12 schema and that it rejects broken
# variants of every document: an unknown key added to each kind of object in it (so every
# object level is closed: a key the code adds without a schema change fails the test), a
# missing required key, and wrong types or values. A vacuous schema cannot pass.
import copy
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3 jsonschema module missing", file=sys.stderr)
    sys.exit(77)


def trimmed(doc, keep=3):
    """A copy with every array cut to its first KEEP items (the variants stay cheap)."""
    if isinstance(doc, list):
        return [trimmed(x, keep) for x in doc[:keep]]
    if isinstance(doc, dict):
        return {k: trimmed(v, keep) for k, v in doc.items()}
    return doc


def object_paths(doc, path=(), seen=None):
    """One path per kind of object in DOC (array indices folded), first occurrence."""
    if seen is None:
        seen = {}
    if isinstance(doc, dict):
        shape = tuple("*" if isinstance(p, int) else p for p in path)
        if shape not in seen:
            seen[shape] = path
        for k, v in doc.items():
            object_paths(v, path + (k,), seen)
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            object_paths(v, path + (i,), seen)
    return seen


def at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def unknown_key_variants(doc):
    for shape, path in sorted(object_paths(doc).items()):
        d = copy.deepcopy(doc)
        at(d, path)["unexpected_key"] = 1
        yield "unknown key in /%s" % "/".join(shape), d


def set_variant(doc, path, value):
    """Copy of DOC with PATH set to VALUE, or None when PATH is not in DOC."""
    try:
        parent = at(doc, path[:-1])
        if isinstance(parent, dict) and path[-1] not in parent:
            return None
        if isinstance(parent, list) and path[-1] >= len(parent):
            return None
    except (KeyError, IndexError, TypeError):
        return None
    d = copy.deepcopy(doc)
    at(d, path[:-1])[path[-1]] = value
    return d


def del_variant(doc, path):
    try:
        at(doc, path)
    except (KeyError, IndexError, TypeError):
        return None
    d = copy.deepcopy(doc)
    del at(d, path[:-1])[path[-1]]
    return d


def value_variants(doc):
    """(description, path, bad value) for the kind of document DOC is."""
    if "ranges" in doc or "target" in doc:  # range document
        yield "smp not boolean", ("host", "smp"), "yes"
        yield "negative pid", ("target", "pid"), -1
        yield "unknown policy", ("policy", "name"), "e500-9.9"
        for key, bad in (("vstart", 4096), ("vstart", "0X1000"), ("pages", "1"),
                         ("class", "ramm"), ("mas2", 128), ("wimge", "WIMG"),
                         ("detail", ["bogus"]), ("pfn_start", 42), ("gkind", "mmio"),
                         ("mmio_3_12", "yes"), ("x86_ept", "WT"), ("arm64_s2", "normal-nc"),
                         ("e500_pte", "MI")):
            yield "range %s=%r" % (key, bad), ("ranges", 0, key), bad
        yield "negative detail count", ("summary", "details", "zero"), -1
        yield "bytes not a page multiple", ("summary", "classes", 0, "bytes"), 4095
        yield "compare with unknown policy", ("compare", "a"), "nope"
    elif "vms" in doc:  # all-VMs summary
        yield "smp not boolean", ("policy", "smp"), 1
        yield "unknown vmm", ("vms", 0, "vmm"), "xen"
        yield "unknown accel", ("vms", 0, "accel"), "hvf"
        yield "unknown map", ("vms", 0, "map"), "guessed"
        yield "negative ram_bytes", ("vms", 0, "ram_bytes"), -1
        if doc["vms"] and doc["vms"][0].get("map") != "none":
            yield "map_source null with a map", ("vms", 0, "map_source"), None
        else:
            yield "map_source with map none", ("vms", 0, "map_source"), "qmp"
        yield "unknown class key", ("vms", 0, "class_pages", "ram-ish"), 1
        yield "mas2 out of range", ("vms", 0, "mas2", 0, "mas2"), 128
    elif "targets" in doc:  # diff
        yield "differences not a number", ("differences",), "5"
        yield "unknown policy", ("policy",), "none"
        yield "vm not boolean", ("targets", 0, "vm"), "true"
        yield "unknown change", ("targets", 0, "changes", 0, "change"), "moved"
        yield "end not hex", ("targets", 0, "changes", 0, "end"), 4095
        yield "changed range without AFTER", ("targets", 0, "changes", 0, "after"), None
        yield "bad side class", ("targets", 0, "changes", 0, "before", "class"), "RAM"


def required_variants(doc):
    if "vms" in doc:
        paths = [("pfnclass_version",), ("policy",), ("vms",), ("vms", 0, "map"),
                 ("vms", 0, "class_pages", "emulated-io")]
        if doc.get("vms") and doc["vms"][0].get("map") != "none":
            paths.append(("vms", 0, "mas2_unknown_pages"))
    elif "targets" in doc:
        paths = [("before",), ("targets",), ("differences",), ("targets", 0, "changes"),
                 ("targets", 0, "after_pages", "not-present"),
                 ("targets", 0, "changes", 0, "pages")]
    else:
        paths = [("partial",), ("host", "kernel_release"), ("target", "comm"),
                 ("summary", "total_pages"), ("summary", "details", "device_offset")]
    for p in paths:
        yield "missing /%s" % "/".join(map(str, p)), p


def broken_variants(doc):
    """Yield (description, document) pairs the schema must reject."""
    doc = trimmed(doc)
    yield from unknown_key_variants(doc)
    for what, path in required_variants(doc):
        d = del_variant(doc, path)
        if d is not None:
            yield what, d
    for what, path, bad in value_variants(doc):
        d = set_variant(doc, path, bad)
        if d is None and path[-1] == "ram-ish":  # adding a key, not replacing one
            d = copy.deepcopy(doc)
            try:
                at(d, path[:-1])[path[-1]] = bad
            except (KeyError, IndexError, TypeError):
                d = None
        if d is not None:
            yield what, d


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
    for path in sys.argv[2:]:
        with open(path) as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if len(errors) > 5:
            print("%s: %d errors, the first 5:" % (path, len(errors)), file=sys.stderr)
        for e in errors[:5]:
            print("%s: %s: %s" % (path, "/".join(map(str, e.path)) or "(root)", e.message),
                  file=sys.stderr)
            status = 1
        if errors:
            continue
        for what, bad in broken_variants(doc):
            if validator.is_valid(bad):
                print("%s: schema accepts a broken document (%s)" % (path, what),
                      file=sys.stderr)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
