#!/bin/sh
# CLI tests of --lang (reports in Chinese) and of the CSI models in
# models/ with their demo panels in datasets/: run the commands as a user
# does and compare with tests/golden (WOLD_UPDATE_GOLDEN=1 rewrites them).
# usage: lang.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-lang.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# golden NAME FILE: FILE must equal tests/golden/NAME
golden() {
    if [ "${WOLD_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$2" "tests/golden/$1"
    elif ! cmp -s "$2" "tests/golden/$1"; then
        fail "$1 differs from tests/golden/$1:"
        diff "tests/golden/$1" "$2" | head -20
    fi
}

# --- --lang is in the help of every command that has it ----------------------
for c in fit predict; do
    run ${c}_help 0 "$wold" $c --help
    grep -q -e "^  --lang L " "$tmp/${c}_help.out" ||
        fail "$c --help does not describe --lang"
done

# --- Chinese reports -----------------------------------------------------------
F="$wold fit models/acsi.wold datasets/acsi_2000.csv"
run fit_zh 0 $F --lang zh
golden acsi_2000_zh.txt "$tmp/fit_zh.out"
run fit_en 0 $F --lang en
cmp -s "$tmp/fit_en.out" tests/golden/acsi_2000.txt ||
    fail "fit --lang en differs from the default report"
run boot_zh 0 $F --plsc --boot 30 --seed 5 --threads 2 --jackknife --ci both --lang=zh
golden boot_acsi_zh.txt "$tmp/boot_zh.out"
contains boot_zh "$tmp/boot_zh.out" "一致性 PLS（Dijkstra-Henseler）"
contains boot_zh "$tmp/boot_zh.out" "刀切法"
run predict_zh 0 "$wold" predict models/acsi.wold datasets/acsi_2000.csv --folds 5 --repeats 2 --seed 3 --lang zh
golden predict_acsi_zh.txt "$tmp/predict_zh.out"
# The other branches of the summary and of the PLSc verdict.
run mean_zh 0 "$wold" fit models/ecsi.wold datasets/ecsi_5000_missing.csv --missing mean --lang zh
contains mean_zh "$tmp/mean_zh.out" "使用行数   5000（缺失值：均值插补，替换 2378 个单元格）"
grep -v -E '^[A-Za-z]+ +~ ' models/acsi.wold >"$tmp/blocks.wold"
run blocks_zh 0 "$wold" fit "$tmp/blocks.wold" datasets/acsi_2000.csv --lang zh
contains blocks_zh "$tmp/blocks_zh.out" "  仅有测量模型：没有结构路径，因此不需要迭代（docs/methods.md）"
run unconverged_zh 3 $F --max-iter 1 --lang zh
contains unconverged_zh "$tmp/unconverged_zh.out" "  未收敛：迭代 1 次（收敛准则 "
contains unconverged_zh "$tmp/unconverged_zh.err" "wold fit: hint: the iteration reached its limit"
if [ -f ../shared/datasets/satisfaction.csv ]; then
    run plsc_sat_zh 0 "$wold" fit models/satisfaction.wold ../shared/datasets/satisfaction.csv --plsc --scheme centroid --lang zh
    golden satisfaction_plsc_zh.txt "$tmp/plsc_sat_zh.out"
    contains plsc_sat_zh "$tmp/plsc_sat_zh.out" "  不可接受：path"
else
    echo "SKIPPED: ../shared/datasets/satisfaction.csv is absent"
fi
# JSON is an interface: the same in every language.
run json_en 0 $F --format json
run json_zh 0 $F --format json --lang zh
cmp -s "$tmp/json_en.out" "$tmp/json_zh.out" || fail "fit --format json changes with --lang"
run pjson_en 0 "$wold" predict models/acsi.wold datasets/acsi_2000.csv --folds 5 --format json
run pjson_zh 0 "$wold" predict models/acsi.wold datasets/acsi_2000.csv --folds 5 --format json --lang zh
cmp -s "$tmp/pjson_en.out" "$tmp/pjson_zh.out" || fail "predict --format json changes with --lang"

# --- the CSI models and their demo panels (datasets/README.md) ---------------
# Each panel is exactly what its command makes, and each model fits it.
run sim_ccsi 0 "$wold" simulate models/ccsi.wold -n 1000 --seed 2002 --scale 1:10
cmp -s "$tmp/sim_ccsi.out" datasets/ccsi_1000.csv || fail "simulate: datasets/ccsi_1000.csv is not what its command makes"
run sim_scsb 0 "$wold" simulate models/scsb.wold -n 800 --seed 1989 --scale 1:10
cmp -s "$tmp/sim_scsb.out" datasets/scsb_800.csv || fail "simulate: datasets/scsb_800.csv is not what its command makes"
run sim_servqual 0 "$wold" simulate models/servqual.wold -n 600 --seed 1988 --scale 1:7
cmp -s "$tmp/sim_servqual.out" datasets/servqual_600.csv || fail "simulate: datasets/servqual_600.csv is not what its command makes"
run ccsi_zh 0 "$wold" fit models/ccsi.wold datasets/ccsi_1000.csv --lang zh
golden ccsi_1000_zh.txt "$tmp/ccsi_zh.out"
run scsb 0 "$wold" fit models/scsb.wold datasets/scsb_800.csv
golden scsb_800.txt "$tmp/scsb.out"
run servqual 0 "$wold" fit models/servqual.wold datasets/servqual_600.csv
golden servqual_600.txt "$tmp/servqual.out"
for m in ccsi scsb servqual; do
    run check_$m 0 "$wold" check models/$m.wold
done
contains check_ccsi "$tmp/check_ccsi.out" "6 latent variables, 19 indicators, 11 structural paths"
contains check_servqual "$tmp/check_servqual.out" "# Mode A, 5 indicators, scale 1:7"

# --- bad values ------------------------------------------------------------------
run bad_lang 1 $F --lang fr
contains bad_lang "$tmp/bad_lang.err" "wold fit: error: --lang: unknown value 'fr' (expected en or zh)"
run bad_lang_typo 1 $F --lang zhh
contains bad_lang_typo "$tmp/bad_lang_typo.err" "did you mean 'zh'?"
run no_lang 1 $F --lang
contains no_lang "$tmp/no_lang.err" "option --lang needs a value"
run bad_lang_predict 1 "$wold" predict models/acsi.wold datasets/acsi_2000.csv --lang cn
contains bad_lang_predict "$tmp/bad_lang_predict.err" "wold predict: error: --lang: unknown value 'cn'"
run lang_typo 1 $F --lnag zh
contains lang_typo "$tmp/lang_typo.err" "did you mean '--lang'?"

[ $fails -eq 0 ] || { echo "cli_lang: $fails failed"; exit 1; }
echo "cli_lang: all passed"
