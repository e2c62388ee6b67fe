#!/usr/bin/env bash
# tools/catalog_table carries "catalogVersion" into the compiled tables and
# refuses a catalog without one or with one that is not YEAR.MONTH.N.
# usage: check_catalog_version.sh CATALOG_TABLE CATALOG.json WORK_DIR
set -u
tool=$1
catalog=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
failed=0
fail() { echo "FAIL: $1"; failed=1; }

"$tool" "$catalog" "$work/good.cc" || fail "the real catalog is refused"
version=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['catalogVersion'])" "$catalog")
grep -qx "extern const std::string_view kBundledCatalogVersion = \"$version\";" "$work/good.cc" ||
  fail "the tables do not carry catalogVersion $version"

# with VERSION as catalogVersion ("-" leaves the key out): exit 1 and MESSAGE
refuses() {
  python3 - "$catalog" "$work/bad.json" "$1" <<'PY'
import json, sys
catalog = json.load(open(sys.argv[1]))
if sys.argv[3] == "-":
    del catalog["catalogVersion"]
else:
    catalog["catalogVersion"] = sys.argv[3]
json.dump(catalog, open(sys.argv[2], "w"))
PY
  "$tool" "$work/bad.json" "$work/bad.cc" 2>"$work/bad.err"
  status=$?
  [ "$status" = 1 ] || fail "catalogVersion '$1': exit $status, not 1"
  [ "$(cat "$work/bad.err")" = "$work/bad.json: $2" ] ||
    fail "catalogVersion '$1': said '$(cat "$work/bad.err")'"
  [ ! -e "$work/bad.cc" ] || fail "catalogVersion '$1': tables written"
}
refuses - '"catalogVersion" (a string, YEAR.MONTH.N) is missing'
for bad in 2026.12 2026.13.1 2026.0.1 2026.12.0 2026.012.1 26.12.1 2026.12.1. 2026.12.x; do
  refuses "$bad" "\"catalogVersion\" \"$bad\" is not YEAR.MONTH.N (e.g. 2026.12.1)"
done
[ "$failed" = 0 ] && echo "catalog version checks passed"
exit "$failed"
