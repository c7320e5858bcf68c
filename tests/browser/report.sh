#!/bin/sh
# The HTML report in a real browser (docs/report.md, "Testing"): headless
# Chromium loads the page of wold report, the test checks that the
# rendered DOM has one arrow per structural path and one ellipse per
# construct, that the browser logged no console error, and that the
# screenshots (English and Chinese) are not blank.  SKIPPED where Chromium
# is absent.  usage: report.sh WOLD_BINARY SOURCE_DIR PNGCHECK
set -u
wold=$1
src=$2
pngcheck=${3:-}
chromium=${WOLD_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    echo "SKIPPED: chromium not installed (apt-get install chromium)"
    exit 0
fi
tmp=$(mktemp -d /tmp/wold-browser.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1
. "$src/tests/cli/lib.sh"

# Chromium wants a writable home and profile of its own.
mkdir -p "$tmp/home"
chrome() {
    HOME="$tmp/home" timeout 120 "$chromium" --headless=new --no-sandbox \
        --disable-gpu --no-first-run --user-data-dir="$tmp/profile" \
        --enable-logging=stderr --v=0 "$@"
}

count() { grep -oF -- "$2" "$1" | wc -l | tr -d ' '; }

# console_errors LOG: the console errors and uncaught exceptions logged
console_errors() { grep -E 'ERROR:CONSOLE|Uncaught' "$1"; }

# page NAME FILE ELLIPSES ARROWS: load FILE, check its DOM and log, and
# take a screenshot that must not be blank.
page() {
    chrome --dump-dom "file://$2" >"$tmp/$1.dom" 2>"$tmp/$1.log" ||
        fail "$1: chromium --dump-dom failed"
    got=$(count "$tmp/$1.dom" '<ellipse class="lv"')
    [ "$got" = "$3" ] || fail "$1: $got construct ellipses in the DOM, expected $3"
    got=$(count "$tmp/$1.dom" 'class="path"')
    [ "$got" = "$4" ] || fail "$1: $got path arrows in the DOM, expected $4"
    if console_errors "$tmp/$1.log" >/dev/null; then
        fail "$1: console errors:"
        console_errors "$tmp/$1.log" | head -5
    fi
    chrome --screenshot="$tmp/$1.png" --window-size=1280,2400 \
        --hide-scrollbars "file://$2" >/dev/null 2>"$tmp/$1.shot.log"
    [ -s "$tmp/$1.png" ] || { fail "$1: no screenshot"; return; }
    if [ -n "$pngcheck" ]; then
        "$pngcheck" "$tmp/$1.png" 20000 || fail "$1: the screenshot is blank"
    else
        echo "SKIPPED: $1: no pngcheck (built with WOLD_ZLIB)"
    fi
    [ -n "${WOLD_KEEP_SCREENSHOTS:-}" ] && cp "$tmp/$1.png" "$WOLD_KEEP_SCREENSHOTS/"
}

M=models/ecsi.wold
D=datasets/ecsi_5000_missing.csv
"$wold" report $M $D --missing mean --boot 100 -o "$tmp/ecsi.html" ||
    fail "wold report failed"
page ecsi "$tmp/ecsi.html" 7 12
"$wold" report $M $D --missing mean --lang zh -o "$tmp/zh.html" ||
    fail "wold report --lang zh failed"
page zh "$tmp/zh.html" 7 12
# The Chinese page renders other pixels than the English one: its glyphs.
cmp -s "$tmp/ecsi.png" "$tmp/zh.png" && fail "zh: the same screenshot as English"
"$wold" simulate tests/models/wide20.wold -n 300 --seed 5 --scale 1:7 \
    -o "$tmp/w20.csv" && "$wold" report tests/models/wide20.wold \
    "$tmp/w20.csv" -o "$tmp/w20.html" || fail "wold report (wide20) failed"
page wide20 "$tmp/w20.html" 20 34

# The console check sees an error when there is one.
printf '<!DOCTYPE html><html><body><p>x</p><script>nosuch();</script></body></html>\n' \
    >"$tmp/bad.html"
chrome --dump-dom "file://$tmp/bad.html" >/dev/null 2>"$tmp/bad.log"
console_errors "$tmp/bad.log" >/dev/null ||
    fail "control: a page that throws logged no console error"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "browser checks passed"
