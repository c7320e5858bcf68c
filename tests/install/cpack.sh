#!/bin/sh
# cpack.sh BUILD - `cpack -G DEB` builds the Debian package wold, and
# dpkg-deb shows what it holds: the command, both libraries, the header,
# wold.pc, the CMake package, every man page and the completion, with a
# Depends line from dpkg-shlibdeps.
set -eu
build=$(cd "$1" && pwd)
command -v dpkg-deb >/dev/null || { echo "SKIPPED: no dpkg-deb"; exit 0; }
command -v dpkg-shlibdeps >/dev/null ||
    { echo "SKIPPED: no dpkg-shlibdeps (Debian: dpkg-dev)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out") \
    >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$tmp"/out/wold_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { cat "$tmp/cpack.log"; echo "FAIL: no wold_*.deb"; exit 1; }
dpkg-deb -I "$deb" >"$tmp/info"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's,^\./,/,' >"$tmp/files"
for f in Package:\ wold Version:\ 0.1.0 Maintainer: Description: Depends:; do
    grep -q "^ $f" "$tmp/info" || bad "no '$f' in dpkg-deb -I"
done
for d in libgsl libopenblas libjson-c liblapacke libc6; do
    grep '^ Depends:' "$tmp/info" | grep -q "$d" || bad "Depends lacks $d"
done
for f in /usr/bin/wold /usr/include/wold/wold.h /usr/lib/libwold.a \
         /usr/lib/libwold.so /usr/lib/libwold.so.0 /usr/lib/libwold.so.0.1.0 \
         /usr/lib/pkgconfig/wold.pc /usr/lib/cmake/wold/woldConfig.cmake \
         /usr/share/man/man1/wold.1 /usr/share/man/man1/wold-fit.1 \
         /usr/share/bash-completion/completions/wold; do
    grep -q "^$f\$" "$tmp/files" || bad "the package lacks $f"
done
pages=$(ls "$build/man" | wc -l)
inpkg=$(grep -c '^/usr/share/man/man1/wold.*\.1$' "$tmp/files")
[ "$pages" = "$inpkg" ] || bad "$inpkg man pages in the package, $pages built"
# wold.pc has the package's prefix, not the build's.
dpkg-deb -x "$deb" "$tmp/root"
grep -q '^prefix=/usr$' "$tmp/root/usr/lib/pkgconfig/wold.pc" || bad "wold.pc prefix"
[ $fail = 0 ] && echo "cpack: $(basename "$deb"), $(wc -l <"$tmp/files") entries;" \
    "$(grep '^ Depends:' "$tmp/info")"
exit $fail
