#!/bin/sh
# install.sh BUILD SRC CC SANITIZE - `cmake --install` into a temporary
# prefix, then what a user does with it: the files where docs/install.md
# says, libwold.so's SONAME and its exported symbols (wold_ only), the
# installed command, tests/install/hello.c built with pkg-config (shared,
# and static through -l:libwold.a) and with find_package(wold) (shared,
# and static by the static component), each run.  SANITIZE ON (the
# ASan + UBSan build): the programs are linked with the same flags.
set -eu
build=$1
src=$2
cc=$3
san=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p=$tmp/prefix
fail=0
bad() { echo "FAIL: $*"; fail=1; }
flags=
[ "$san" = ON ] && flags="-fsanitize=address,undefined"

cmake --install "$build" --prefix "$p" >"$tmp/install.log" ||
    { cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1; }
lib=$p/lib
[ -d "$lib/pkgconfig" ] || lib=$(dirname "$(find "$p" -name wold.pc)")/..
for f in bin/wold include/wold/wold.h share/bash-completion/completions/wold \
         share/man/man1/wold.1 share/man/man1/wold-fit.1; do
    [ -f "$p/$f" ] || bad "no $f"
done
for f in libwold.a libwold.so.0.1.0 pkgconfig/wold.pc cmake/wold/woldConfig.cmake \
         cmake/wold/woldConfigVersion.cmake cmake/wold/woldTargets.cmake; do
    [ -f "$lib/$f" ] || bad "no lib/$f"
done
[ "$(readlink "$lib/libwold.so")" = libwold.so.0 ] || bad "libwold.so -> libwold.so.0"
[ "$(readlink "$lib/libwold.so.0")" = libwold.so.0.1.0 ] || bad "libwold.so.0 -> libwold.so.0.1.0"
soname=$(readelf -d "$lib/libwold.so.0.1.0" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libwold.so.0 ] || bad "SONAME '$soname'"
# Only the WOLD_API functions: everything else is hidden.
other=$(nm -D --defined-only "$lib/libwold.so.0.1.0" | awk '$2 ~ /[TDBR]/ { print $3 }' |
        grep -v -e '^wold_' -e '^_init$' -e '^_fini$' -e '^_edata$' -e '^_end$' \
                -e '^__bss_start$' || true)
[ -z "$other" ] || bad "libwold.so exports $(echo $other)"
nsym=$(nm -D --defined-only "$lib/libwold.so.0.1.0" | grep -c ' T wold_')

# The installed command runs from the prefix.
"$p/bin/wold" --version | grep -q "^wold 0\.1\.0" || bad "installed wold --version"
"$p/bin/wold" check "$src/models/acsi.wold" >/dev/null || bad "installed wold check"

# pkg-config: shared, then static.
export PKG_CONFIG_PATH="$lib/pkgconfig"
pc=$(pkg-config --cflags --libs wold) || bad "pkg-config wold"
$cc $flags -std=c11 -o "$tmp/hello" "$src/tests/install/hello.c" $pc || bad "cc with pkg-config"
out=$(LD_LIBRARY_PATH="$lib" "$tmp/hello") || bad "hello (shared)"
echo "pkg-config, shared: $out"
case $out in "wold 0.1.0: S ~ Q 0."*) ;; *) bad "hello printed '$out'" ;; esac
readelf -d "$tmp/hello" | grep -q 'NEEDED.*libwold\.so\.0' || bad "hello does not need libwold.so.0"
spc=$(pkg-config --static --libs wold | sed 's/-lwold /-l:libwold.a /')
$cc $flags -std=c11 -o "$tmp/hello_static" "$src/tests/install/hello.c" \
    $(pkg-config --cflags wold) $spc || bad "cc with pkg-config --static"
sout=$(env -u LD_LIBRARY_PATH "$tmp/hello_static") || bad "hello (static)"
[ "$sout" = "$out" ] || bad "static hello printed '$sout'"
readelf -d "$tmp/hello_static" | grep -q 'NEEDED.*libwold' && bad "static hello needs libwold.so"

# find_package(wold): shared (the default), then the static component.
for kind in shared static; do
    cmake -S "$src/tests/install/cmake" -B "$tmp/cm-$kind" \
        -DCMAKE_PREFIX_PATH="$p" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_C_FLAGS="$flags" -DHELLO_WOLD="$kind" >"$tmp/cm.log" 2>&1 &&
        cmake --build "$tmp/cm-$kind" >>"$tmp/cm.log" 2>&1 ||
        { cat "$tmp/cm.log"; bad "find_package(wold) $kind"; continue; }
    cout=$("$tmp/cm-$kind/hello") || bad "cmake hello ($kind)"
    [ "$cout" = "$out" ] || bad "cmake hello ($kind) printed '$cout'"
    if readelf -d "$tmp/cm-$kind/hello" | grep -q 'NEEDED.*libwold'; then
        [ $kind = shared ] || bad "static cmake hello needs libwold.so"
    else
        [ $kind = static ] || bad "shared cmake hello does not need libwold.so"
    fi
done
[ $fail = 0 ] && echo "install: prefix, SONAME, $nsym wold_ symbols only, pkg-config and find_package (shared, static) OK"
exit $fail
