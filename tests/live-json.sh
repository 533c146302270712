# JSON output of a whole-process live scan parses, its summary agrees with its
# ranges (total_pages = sum of range pages, per class too), the memhog regions
# are classified as expected, and it validates against data/pfnclass.schema.json
# when python3-jsonschema is available.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is needed to parse JSON"

live_memhog -a 256K -z 256K -m 256K -u 256K
"$PFNCLASS" -p "$MH_PID" -J >"$T_DIR/out.json" 2>"$T_DIR/err" ||
	fail "pfnclass -J exited $?: $(cat "$T_DIR/err")"

"$PY" - "$T_DIR/out.json" "$MH_OUT" "$TOP_SRCDIR/data/pfnclass.schema.json" <<'PYEOF' ||
import json, sys

doc = json.load(open(sys.argv[1]))
ranges = doc["ranges"]
summ = doc["summary"]
err = []
if doc.get("partial") is not False:
    err.append("partial is %r" % doc.get("partial"))
total = sum(r["pages"] for r in ranges)
if total != summ["total_pages"]:
    err.append("total_pages %d != sum of range pages %d" % (summ["total_pages"], total))
if summ["total_bytes"] != total * 4096:
    err.append("total_bytes %d != %d" % (summ["total_bytes"], total * 4096))
if summ["ranges"] != len(ranges):
    err.append("summary ranges %d != %d" % (summ["ranges"], len(ranges)))
per = {}
for r in ranges:
    per[r["class"]] = per.get(r["class"], 0) + r["pages"]
got = {c["class"]: c["pages"] for c in summ["classes"] if c["pages"]}
if got != per:
    err.append("summary classes %r != ranges %r" % (got, per))

# The memhog regions, page by page.
want = {"anon": ("ram", "anon"), "zero": ("reserved", "zero"),
        "memfd": ("ram", "file"), "untouched": ("not-present", None)}
for line in open(sys.argv[2]):
    name, *addr = line.split()
    if name not in want:
        continue
    lo, hi = int(addr[0], 16), int(addr[1], 16)
    seen = 0
    for r in ranges:
        vs, ve = int(r["vstart"], 16), int(r["vend"], 16) + 1
        if ve <= lo or vs >= hi:
            continue
        if vs < lo or ve > hi:
            err.append("%s: range %s-%s crosses the region" % (name, r["vstart"], r["vend"]))
        seen += r["pages"]
        cls, det = want[name]
        if r["class"] != cls or (det and det not in r["detail"]):
            err.append("%s: %s %s at %s" % (name, r["class"], r["detail"], r["vstart"]))
    if seen != (hi - lo) // 4096:
        err.append("%s: %d pages listed, region has %d" % (name, seen, (hi - lo) // 4096))

try:
    import jsonschema
    jsonschema.validate(doc, json.load(open(sys.argv[3])))
except ImportError:
    print("jsonschema not installed: schema not checked")
except FileNotFoundError:
    print("no schema file: schema not checked")
except jsonschema.ValidationError as e:
    err.append("schema: %s at %s" % (e.message, list(e.absolute_path)))

for e in err[:20]:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if err else 0)
PYEOF
	fail "JSON output of pfnclass -p $MH_PID -J is inconsistent"
exit 0
