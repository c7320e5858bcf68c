#!/bin/sh
# CLI tests of the reports as tables (docs/tables.md): --format long on
# every command that writes a report (and csv on fit and predict), and
# --format xlsx -o FILE.xlsx, read back with unzip (SKIPPED without it,
# or in a wold built without WOLD_XLSX, which must say how to add it).
# usage: xlsx.sh WOLD_BINARY SOURCE_DIR XLSX (1: built with WOLD_XLSX)
set -u
wold=$1
src=$2
xlsx=${3:-1}
tmp=$(mktemp -d /tmp/wold-cli-xlsx.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

F="$wold fit models/acsi.wold datasets/acsi_2000.csv --scale 1:10"
I="$wold ipma models/acsi.wold datasets/acsi_2000.csv --target Satisfaction --scale 1:10"
N="$wold index models/acsi.wold datasets/wave_12x100.csv --scale 1:10 --group company --industry industry --sector sector"
P="$wold predict models/acsi.wold datasets/acsi_2000.csv --folds 5"
printf 'region,nps,sat\nnorth,10,5\nnorth,9,4\nsouth,6,"3"\nsouth,0,5\n' >"$tmp/m.csv"
M="$wold metrics $tmp/m.csv --nps nps --csat sat --group region"

# --- --help of every command says it ------------------------------------------
for c in fit ipma index predict metrics; do
    run help_$c 0 "$wold" $c --help
    contains help_$c "$tmp/help_$c.out" "xlsx: an"
    contains help_$c "$tmp/help_$c.out" "long: every table as one long CSV"
done
run help_fm 0 "$wold" fit models/acsi.wold --moments x.wm --help
contains help_fm "$tmp/help_fm.out" "xlsx: an Excel"

# --- the long CSV on every command -----------------------------------------
for c in F I N P M; do
    eval "cmd=\$$c"
    run long_$c 0 $cmd --format long
    head -1 "$tmp/long_$c.out" | grep -qx 'table,row,column,value' ||
        fail "long_$c: header is not table,row,column,value"
    contains long_$c "$tmp/long_$c.out" "summary,1,key,wold_version"
done
contains long_F "$tmp/long_F.out" "paths,1,estimate,"
contains long_N "$tmp/long_N.out" "companies,1,name,C01"
contains long_M "$tmp/long_M.out" "groups.metrics,1,groups.name,all"
run csv_F 0 $F --format csv
cmp -s "$tmp/csv_F.out" "$tmp/long_F.out" || fail "fit --format csv is not the long CSV"
run csv_P 0 $P --format csv
cmp -s "$tmp/csv_P.out" "$tmp/long_P.out" || fail "predict --format csv is not the long CSV"
# The commands with a table form of their own keep it.
run csv_I 0 $I --format csv
lacks csv_I "$tmp/csv_I.out" "table,row,column,value"
# The numbers are the JSON's, in the same shortest form.
run json_F 0 $F --format json
est=$(grep '^paths,1,estimate,' "$tmp/long_F.out" | cut -d, -f4)
contains json_F "$tmp/json_F.out" "\"estimate\": $est,"
run moments 0 "$wold" moments models/acsi.wold datasets/acsi_2000.csv -o "$tmp/a.wm"
run fm_long 0 "$wold" fit models/acsi.wold --moments "$tmp/a.wm" --scale 1:10 --format long
contains fm_long "$tmp/fm_long.out" "paths,1,estimate,"

# --- xlsx: needs -o FILE -----------------------------------------------------
run no_out 1 $F --format xlsx
contains no_out "$tmp/no_out.err" "wold fit: error: --format xlsx writes a workbook file: give it with -o FILE.xlsx"
run dash_out 1 $I --format xlsx -o -
contains dash_out "$tmp/dash_out.err" "wold ipma: error: --format xlsx writes a workbook file"
run dev_out 1 $P --format xlsx -o /dev/null
contains dev_out "$tmp/dev_out.err" "is not a regular file"

if [ "$xlsx" != 1 ]; then
    run off 1 $F --format xlsx -o "$tmp/f.xlsx"
    contains off "$tmp/off.err" "-DWOLD_XLSX=ON"
    [ ! -e "$tmp/f.xlsx" ] || fail "off: left $tmp/f.xlsx"
    echo "SKIPPED: built without WOLD_XLSX: workbooks not checked"
elif ! command -v unzip >/dev/null 2>&1; then
    echo "SKIPPED: unzip is absent: workbooks not read back"
else
    run x_F 0 $F --boot 20 --format xlsx -o "$tmp/f.xlsx"
    run x_I 0 $I --format xlsx -o "$tmp/i.xlsx"
    run x_N 0 $N --format xlsx -o "$tmp/n.xlsx"
    run x_P 0 $P --format xlsx -o "$tmp/p.xlsx"
    run x_M 0 $M --format xlsx -o "$tmp/m.xlsx"
    no_temp xlsx "$tmp"
    unzip -p "$tmp/f.xlsx" xl/workbook.xml >"$tmp/f_wb.xml"
    for s in Contents summary latent paths htmt model_fit index.constructs bootstrap.statistics; do
        contains f_wb "$tmp/f_wb.xml" "<sheet name=\"$s\""
    done
    unzip -p "$tmp/i.xlsx" xl/workbook.xml >"$tmp/i_wb.xml"
    contains i_wb "$tmp/i_wb.xml" '<sheet name="constructs" sheetId="3"'
    unzip -p "$tmp/n.xlsx" xl/workbook.xml >"$tmp/n_wb.xml"
    contains n_wb "$tmp/n_wb.xml" '<sheet name="companies"'
    unzip -p "$tmp/m.xlsx" xl/workbook.xml >"$tmp/m_wb.xml"
    contains m_wb "$tmp/m_wb.xml" '<sheet name="groups.metrics"'
    unzip -p "$tmp/p.xlsx" xl/worksheets/sheet3.xml >"$tmp/p_ind.xml"
    contains p_ind "$tmp/p_ind.xml" 'state="frozen"'
    # The first q2_predict (C2): a number, not a string.
    grep -o '<c r="C2"[^>]*><v>[^<]*</v>' "$tmp/p_ind.xml" >"$tmp/c2" || fail "p_ind: no C2"
    lacks p_ind "$tmp/c2" 't="s"'
    # Chinese headings
    run x_zh 0 $F --format xlsx --lang zh -o "$tmp/zh.xlsx"
    unzip -p "$tmp/zh.xlsx" xl/sharedStrings.xml >"$tmp/zh_ss.xml"
    contains zh_ss "$tmp/zh_ss.xml" "<t>估计值</t>"
    unzip -p "$tmp/zh.xlsx" xl/workbook.xml >"$tmp/zh_wb.xml"
    contains zh_wb "$tmp/zh_wb.xml" '<sheet name="路径系数"'
    # An output that cannot be written: the error, and nothing left.
    run bad_dir 5 $F --format xlsx -o "$tmp/none/f.xlsx"
    contains bad_dir "$tmp/bad_dir.err" "cannot write"
    [ ! -e "$tmp/none" ] || fail "bad_dir: made $tmp/none"
    # Replacing a workbook: atomic, nothing left behind.
    run x_again 0 $F --format xlsx -o "$tmp/f.xlsx"
    no_temp x_again "$tmp"
fi

[ "$fails" = 0 ] || { echo "$fails xlsx CLI test(s) failed"; exit 1; }
echo "xlsx CLI tests passed"
