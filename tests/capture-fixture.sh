# Capture round trip on fixture trees (no privileges needed): for each classification
# fixture, `pfnclass capture --sysroot TREE` then `pfnclass --input CAPTURE` must print
# exactly what `pfnclass --sysroot TREE` prints, with every column and the summary.
. "$TOP_SRCDIR/tests/lib.sh"

n=0
for name in ram reserved nopage kpf-eof pci-hole zero-page huge-zero thp hugetlb swapped \
	not-present pfnmap-device pfnmap-unknown iomem-nested policy-e500-seed; do
	spec=$TOP_SRCDIR/tests/fixtures/$name.spec
	root=$T_DIR/$name.root
	"$HELPERS/mkfixture" "$spec" "$root" || exit 99
	"$PFNCLASS" capture --sysroot "$root" -p 4242 -o "$T_DIR/$name.cap" 2>"$T_DIR/err" ||
		fail "$name: capture failed: $(cat "$T_DIR/err")"
	for mode in "-r --output-all --summary=always" "-J --output-all"; do
		# shellcheck disable=SC2086
		"$PFNCLASS" --sysroot "$root" -p 4242 $mode >"$T_DIR/direct" ||
			fail "$name: direct analysis failed"
		# shellcheck disable=SC2086
		"$PFNCLASS" --input "$T_DIR/$name.cap" $mode >"$T_DIR/replay" ||
			fail "$name: analysis of the capture failed"
		# The JSON names its input (the tree or the capture file); nothing else may differ.
		sed -i 's/"sysroot":"[^"]*"/"sysroot":"X"/' "$T_DIR/direct" "$T_DIR/replay"
		diff -u "$T_DIR/direct" "$T_DIR/replay" || fail "$name ($mode): replay differs"
	done
	n=$((n + 1))
done

# Size grows with runs, not pages: the 513-page THP fixture is a few hundred bytes of
# page data (the rest is iomem and kernel text).
size=$(stat -c %s "$T_DIR/thp.cap")
[ "$size" -lt 8192 ] || fail "thp capture is $size bytes"

# A capture made by root is read by anyone: the extracted tree is private and removed.
chmod 644 "$T_DIR/thp.cap"
chmod 755 "$T_DIR"
mkdir -p "$T_DIR/tmp-nobody"
chown 65534:65534 "$T_DIR/tmp-nobody" 2>/dev/null
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		env TMPDIR="$T_DIR/tmp-nobody" sh -c '"$0" --input "$1" -r -o CLASS,PAGES --summary=never' \
		"$PFNCLASS" "$T_DIR/thp.cap" >"$T_DIR/nobody" 2>&1 || fail "non-root replay failed: $(cat "$T_DIR/nobody")"
	[ "$(awk '$1 == "ram" { n += $2 } END { print n }' "$T_DIR/nobody")" = 513 ] ||
		fail "non-root replay: $(cat "$T_DIR/nobody")"
	[ -z "$(ls -A "$T_DIR/tmp-nobody")" ] || fail "extracted tree left behind"
fi
echo "$n fixtures round-tripped"
