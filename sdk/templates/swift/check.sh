#!/bin/sh
# check.sh PLUGIN.so — checks that a Swift-built plugin is loadable by a host built with another
# Swift toolchain (see README.md):
#   1. no RPATH / RUNPATH pointing into a toolchain or any absolute build-machine path;
#   2. no libswift*.so / libFoundation*.so among the NEEDED libraries (static Swift stdlib);
#   3. tollbook_plugin_entry is the only exported function.
# Needs readelf (binutils). Exit status 0 when every check passes.
set -eu
so=${1:?usage: check.sh PLUGIN.so}
[ -f "$so" ] || { echo "check.sh: $so: no such file" >&2; exit 2; }
status=0

paths=$(readelf -d "$so" | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]/\1/p')
for p in $(echo "$paths" | tr ':' ' '); do
    case "$p" in
        '$ORIGIN'*) ;;  # relative to the plugin: harmless
        *) echo "FAIL: RUNPATH entry $p points into the build machine" >&2; status=1 ;;
    esac
done

swiftlibs=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -E '^lib(swift|Foundation|dispatch|BlocksRuntime)' || true)
if [ -n "$swiftlibs" ]; then
    echo "FAIL: needs Swift runtime libraries (build with -static-stdlib): $swiftlibs" >&2
    status=1
fi

exported=$(readelf --dyn-syms -W "$so" | awk '$4 == "FUNC" && $7 != "UND" { print $8 }' | sort -u)
if [ "$exported" != "tollbook_plugin_entry" ]; then
    count=$(echo "$exported" | grep -c . || true)
    echo "FAIL: exported functions should be tollbook_plugin_entry only, found $count (first 10):" >&2
    echo "$exported" | head -10 | sed 's/^/  /' >&2
    status=1
fi

[ $status -eq 0 ] && echo "OK: $so is self-contained and exports only tollbook_plugin_entry"
exit $status
