/* test_model.c - the model syntax: every feature and every error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* Parses text that must fail; checks status, line, column and message. */
static void expect_error(const char *text, long line, long col,
                         const char *needle)
{
    wold_model *m = NULL;
    wold_error err;
    wold_status st =
        wold_model_parse(&m, text, strlen(text), "bad.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, needle);
    assert_null(m);
    if (err.line != line || err.col != col) {
        char buf[4096];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("expected %ld:%ld, got %ld:%ld:\n%s", line, col, err.line,
                 err.col, buf);
    }
}

static size_t lv_index(const wold_model *m, const char *name)
{
    for (size_t j = 0; j < wold_model_n_lv(m); j++)
        if (strcmp(wold_model_lv_name(m, j), name) == 0)
            return j;
    fail_msg("no LV named %s", name);
    return 0;
}

/* "A: a1 a2 | B: b1" - the blocks as laid out, for compact checks. */
static void expect_blocks(const wold_model *m, const char *want)
{
    char got[1024] = "";
    for (size_t j = 0; j < wold_model_n_lv(m); j++) {
        strcat(got, j ? " | " : "");
        strcat(got, wold_model_lv_name(m, j));
        strcat(got, ":");
        size_t first = wold_model_lv_first(m, j);
        for (size_t i = first; i < first + wold_model_lv_count(m, j); i++) {
            assert_int_equal(wold_model_mv_lv(m, i), j);
            strcat(got, " ");
            strcat(got, wold_model_mv_name(m, i));
        }
    }
    assert_string_equal(got, want);
}

/* ---- features ---------------------------------------------------------- */

static void test_basic(void **state)
{
    (void)state;
    wold_model *m = wt_model("Expectation  =~ exp1 + exp2 + exp3\n"
                             "Value        <~ val1 + val2\n"
                             "Satisfaction =~ sat1\n"
                             "Satisfaction ~  Expectation + Value\n");
    assert_string_equal(wold_model_filename(m), "test.wold");
    assert_int_equal(wold_model_n_lv(m), 3);
    assert_int_equal(wold_model_n_mv(m), 6);
    expect_blocks(m, "Expectation: exp1 exp2 exp3 | Value: val1 val2 | "
                     "Satisfaction: sat1");
    assert_int_equal(wold_model_lv_mode(m, 0), WOLD_MODE_A);
    assert_int_equal(wold_model_lv_mode(m, 1), WOLD_MODE_B);
    assert_int_equal(wold_model_lv_mode(m, 2), WOLD_MODE_A);
    assert_int_equal(wold_model_n_paths(m), 2);
    assert_true(wold_model_has_path(m, 0, 2));
    assert_true(wold_model_has_path(m, 1, 2));
    assert_false(wold_model_has_path(m, 2, 0));
    assert_false(wold_model_has_path(m, 0, 1));
    assert_true(isnan(wold_model_path_value(m, 0, 2)));
    assert_true(isnan(wold_model_mv_value(m, 0)));
    wold_model_free(m);
    wold_model_free(NULL);
}

static void test_comments_blank_lines(void **state)
{
    (void)state;
    wold_model *m = wt_model("# a model\n\n   \n"
                             "A =~ a1 + a2   # block A\n"
                             "\t# indented comment\n"
                             "B =~ b1#no space\n\n"
                             "B ~ A # path\n# trailing comment");
    expect_blocks(m, "A: a1 a2 | B: b1");
    assert_int_equal(wold_model_n_paths(m), 1);
    wold_model_free(m);
}

static void test_continuation(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ a1 +\n"
                             "     a2 +   # a comment after '+'\n"
                             "\n"
                             "     # a comment line inside\n"
                             "     a3\n"
                             "B =~ b1\nB ~\tA\n");
    expect_blocks(m, "A: a1 a2 a3 | B: b1");
    wold_model_free(m);
}

static void test_semicolons(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ a1 + a2; B =~ b1;; B ~ A;");
    expect_blocks(m, "A: a1 a2 | B: b1");
    assert_true(wold_model_has_path(m, 0, 1));
    wold_model_free(m);
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    wold_model *m = wt_model("\xEF\xBB\xBF"
                             "A =~ a1 + a2\r\nB =~ b1 +\r\n b2\r\nB ~ A\r\n");
    expect_blocks(m, "A: a1 a2 | B: b1 b2");
    wold_model_free(m);
    /* Columns count from after the BOM; the source line has no '\r'. */
    wold_error err;
    const char *bad = "\xEF\xBB\xBF" "A = a\r\n";
    wold_status st = wold_model_parse(&m, bad, strlen(bad), "b.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "b.wold:1:3: error");
    assert_string_equal(err.source_line, "A = a");
    /* A line end is at the end of the line shown, not after its '\r'
     * (found by tests/fuzz/fuzz_model: the caret stood one past it). */
    expect_error("A =~ a1 ; a2\r\nB =~ b\r\nB ~ A\r\n", 1, 13,
                 "after 'a2', found end of line");
    expect_error("A =~ \r\n", 1, 6, "found end of line");
    expect_error("A =~ \r", 1, 6, "found end of input");
    expect_error("A =~ \r\r\n", 1, 7, "found end of line"); /* a lone CR */
}

static void test_utf8_names(void **state)
{
    (void)state;
    wold_model *m = wt_model("顾客满意度 =~ q1 + q2\n"
                             "Qualité =~ qualité1 + été.2\n"
                             "顾客满意度 ~ Qualité\n");
    assert_string_equal(wold_model_lv_name(m, 0), "顾客满意度");
    assert_string_equal(wold_model_lv_name(m, 1), "Qualité");
    assert_string_equal(wold_model_mv_name(m, 3), "été.2");
    assert_true(wold_model_has_path(m, 1, 0));
    wold_model_free(m);
    /* Columns count code points: the caret goes under the second name. */
    expect_error("顾客满意度 =~ q1\n顾客满意度 ~ 顾客满意度\n", 2, 9,
                 "self-loop '顾客满意度 ~ 顾客满意度'");
}

static void test_premultipliers(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ 0.8*a1 + a2 + -0.3*a3 + 1e-1*a4 + .5*a5\n"
                             "B =~ 7*b1\n"
                             "B ~ 0.5*A\n"
                             "C =~ c1\nC ~ A + -2.5E+0*B\n");
    WT_NEAR(wold_model_mv_value(m, 0), 0.8, 0, "a1");
    assert_true(isnan(wold_model_mv_value(m, 1)));
    WT_NEAR(wold_model_mv_value(m, 2), -0.3, 0, "a3");
    WT_NEAR(wold_model_mv_value(m, 3), 0.1, 0, "a4");
    WT_NEAR(wold_model_mv_value(m, 4), 0.5, 0, "a5");
    WT_NEAR(wold_model_mv_value(m, 5), 7, 0, "b1");
    WT_NEAR(wold_model_path_value(m, 0, 1), 0.5, 0, "A -> B");
    assert_true(isnan(wold_model_path_value(m, 0, 2)));
    WT_NEAR(wold_model_path_value(m, 1, 2), -2.5, 0, "B -> C");
    assert_true(isnan(wold_model_path_value(m, 2, 0)));
    wold_model_free(m);
}

static void test_signed_premultipliers(void **state)
{
    (void)state;
    /* lavaan's "+0.5*x" and "-0.5*x": as the first term, after '+', on a
     * continuation line, in blocks and in paths. */
    wold_model *m = wt_model("A =~ +0.8*a1 + +0.7*a2 + -0.3*a3 +\n"
                             "     +.5*a4\n"
                             "B =~ -0.6*b1 + + 0.4*b2\n"
                             "B ~ +0.5*A\n"
                             "C =~ c1\nC ~ -0.25*A + +1e-1*B\n");
    expect_blocks(m, "A: a1 a2 a3 a4 | B: b1 b2 | C: c1");
    WT_NEAR(wold_model_mv_value(m, 0), 0.8, 0, "a1");
    WT_NEAR(wold_model_mv_value(m, 1), 0.7, 0, "a2");
    WT_NEAR(wold_model_mv_value(m, 2), -0.3, 0, "a3");
    WT_NEAR(wold_model_mv_value(m, 3), 0.5, 0, "a4");
    WT_NEAR(wold_model_mv_value(m, 4), -0.6, 0, "b1");
    WT_NEAR(wold_model_mv_value(m, 5), 0.4, 0, "b2");
    WT_NEAR(wold_model_path_value(m, 0, 1), 0.5, 0, "A -> B");
    WT_NEAR(wold_model_path_value(m, 0, 2), -0.25, 0, "A -> C");
    WT_NEAR(wold_model_path_value(m, 1, 2), 0.1, 0, "B -> C");
    wold_model_free(m);
    /* Errors name the signed number as written. */
    expect_error("A =~ +0.8 a1\n", 1, 11,
                 "expected '*' between the premultiplier '+0.8' and 'a1' "
                 "(write '+0.8*a1')");
    expect_error("A =~ +0.8*\n", 1, 11,
                 "expected an indicator name after '+0.8*', found end of "
                 "line");
    expect_error("A =~ + a1\n", 1, 6,
                 "missing name: expected an indicator name after '=~', "
                 "found '+'");
    expect_error("A =~ a1 + +\n", 1, 11,
                 "missing name: expected an indicator name after '+', found "
                 "'+'");
    expect_error("A =~ a1 -0.5*a2\n", 1, 9,
                 "expected '+' or the end of the statement after 'a1', found "
                 "'-0.5' ('-' is not an operator: write '+ -0.5' for a "
                 "negative premultiplier)");
}

static void test_merged_blocks_and_order(void **state)
{
    (void)state;
    /* A path may come before the blocks; LV order is block order, and
     * indicators are grouped by block whatever the interleaving. */
    wold_model *m = wt_model("Sat ~ Exp\n"
                             "Exp =~ e1 + e2\n"
                             "Sat =~ s1\n"
                             "Exp =~ e3\n"
                             "Val <~ v1\n"
                             "Sat =~ s2 + s3\n"
                             "Val <~ v2\n"
                             "Sat ~ Val\n"
                             "Sat ~ 0.4*Qual\n"
                             "Qual =~ q1\n");
    expect_blocks(m, "Exp: e1 e2 e3 | Sat: s1 s2 s3 | Val: v1 v2 | Qual: q1");
    assert_int_equal(wold_model_lv_first(m, 1), 3);
    assert_int_equal(wold_model_lv_count(m, 1), 3);
    assert_int_equal(wold_model_lv_mode(m, 2), WOLD_MODE_B);
    assert_int_equal(wold_model_n_paths(m), 3);
    size_t sat = lv_index(m, "Sat");
    assert_true(wold_model_has_path(m, lv_index(m, "Exp"), sat));
    assert_true(wold_model_has_path(m, lv_index(m, "Val"), sat));
    assert_true(wold_model_has_path(m, lv_index(m, "Qual"), sat));
    WT_NEAR(wold_model_path_value(m, lv_index(m, "Qual"), sat), 0.4, 0,
            "Qual -> Sat");
    wold_model_free(m);
}

static void test_adjacency(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ a\nB =~ b\nC =~ c\nD =~ d\n"
                             "B ~ A\nC ~ A + B\nD ~ C\n");
    const int want[4][4] = {/* [to][from] */
                            {0, 0, 0, 0},
                            {1, 0, 0, 0},
                            {1, 1, 0, 0},
                            {0, 0, 1, 0}};
    for (size_t to = 0; to < 4; to++)
        for (size_t from = 0; from < 4; from++)
            assert_int_equal(wold_model_has_path(m, from, to),
                             want[to][from]);
    assert_int_equal(wold_model_n_paths(m), 4);
    wold_model_free(m);
}

static void test_single_block(void **state)
{
    (void)state;
    /* One LV needs no structural path. */
    wold_model *m = wt_model("A =~ a1 + a2 + a3");
    assert_int_equal(wold_model_n_lv(m), 1);
    assert_int_equal(wold_model_n_paths(m), 0);
    wold_model_free(m);
}

static void test_item_named_like_its_lv(void **state)
{
    (void)state;
    /* seminr's corp_rep models: the single-item construct cusa measured
     * by the column cusa.  A '~' line's cusa is the LV. */
    wold_model *m = wt_model("COMP =~ comp_1 + comp_2 + comp_3\n"
                             "LIKE =~ like_1 + like_2 + like_3\n"
                             "cusa =~ cusa\n"
                             "CUSL =~ cusl_1 + cusl_2 + cusl_3\n"
                             "cusa ~ COMP + LIKE\n"
                             "CUSL ~ cusa + COMP + LIKE\n");
    expect_blocks(m, "COMP: comp_1 comp_2 comp_3 | LIKE: like_1 like_2 "
                     "like_3 | cusa: cusa | CUSL: cusl_1 cusl_2 cusl_3");
    size_t cusa = lv_index(m, "cusa"), cusl = lv_index(m, "CUSL");
    assert_true(wold_model_has_path(m, cusa, cusl));
    assert_true(wold_model_has_path(m, lv_index(m, "COMP"), cusa));
    assert_int_equal(wold_model_n_paths(m), 5);
    wold_model_free(m);
    /* In a block of several indicators too. */
    m = wt_model("A =~ A + a2\nB =~ b\nB ~ A\n");
    expect_blocks(m, "A: A a2 | B: b");
    wold_model_free(m);
    /* Another LV's name in a block is still a higher-order construct. */
    expect_error("cusa =~ cusa\nB =~ cusa2 + cusa\nB ~ cusa\n", 2, 14,
                 "indicator 'cusa' is already in the block of 'cusa' (line "
                 "1, column 9)");
    expect_error("cusa =~ c1\nB =~ b1 + cusa\nB ~ cusa\n", 2, 11,
                 "'cusa' is a latent variable, so it cannot be an indicator "
                 "of 'B': higher-order constructs are not supported by this "
                 "version; use the two-stage approach (fit the first-order "
                 "model, then use its LV scores as indicators of 'B'); if "
                 "'cusa' is meant as a column of the data, rename the latent "
                 "variable (an indicator may share its name only with its "
                 "own latent variable)");
}

/* U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE */
#define IDSP "\xE3\x80\x80"
#define NBSP "\xC2\xA0"

static void test_unicode_spaces(void **state)
{
    (void)state;
    /* Chinese input methods type U+3000 between words: white space. */
    wold_model *m = wt_model("满意度" IDSP "=~" IDSP "q1" IDSP "+" IDSP "q2\n"
                             "质量" NBSP "=~ 0.5" IDSP "*" NBSP "z1\n"
                             "满意度 ~" IDSP "质量" IDSP "\n");
    expect_blocks(m, "满意度: q1 q2 | 质量: z1");
    WT_NEAR(wold_model_mv_value(m, 2), 0.5, 0, "z1");
    assert_true(wold_model_has_path(m, 1, 0));
    wold_model_free(m);
    /* A character whose UTF-8 form ends in the byte 0xA0 (忠 is E5 BF A0)
     * or 0x85 is a name character: only a whole U+00A0 is a space (found
     * by fuzz_model: '忠诚度' was split after its first two bytes). */
    m = wt_model("忠诚度 =~ loy1 + loy2\n满意度 =~ s\xE4\xB8\x85 + s2\n"
                 "忠诚度 ~ 满意度\n");
    expect_blocks(m, "忠诚度: loy1 loy2 | 满意度: s\xE4\xB8\x85 s2");
    wold_model_free(m);
    /* Columns still count characters: U+3000 is one. */
    expect_error("满意度" IDSP "=~ q1 q2\n", 1, 11,
                 "expected '+' or the end of the statement after 'q1', "
                 "found 'q2'");
}

static void test_fullwidth_punctuation(void **state)
{
    (void)state;
    /* An input method left in full-width mode types '＝～' for '=~'. */
    expect_error("满意度 ＝～ q1\n", 1, 5,
                 "full-width '＝' (U+FF1D FULLWIDTH EQUALS SIGN): write the "
                 "ASCII '=' (is the input method in full-width mode?)");
    expect_error("A =～ a\n", 1, 4,
                 "full-width '～' (U+FF5E FULLWIDTH TILDE): write the ASCII "
                 "'~'");
    expect_error("A =〜 a\n", 1, 4,
                 "full-width '〜' (U+301C WAVE DASH): write the ASCII '~'");
    expect_error("A =~ 满意度1＋满意度2\n", 1, 10,
                 "full-width '＋' (U+FF0B FULLWIDTH PLUS SIGN): write the "
                 "ASCII '+'");
    expect_error("A =~ a；B =~ b\n", 1, 7,
                 "full-width '；' (U+FF1B FULLWIDTH SEMICOLON)");
    expect_error("A =~ 0.5＊a\n", 1, 9,
                 "full-width '＊' (U+FF0A FULLWIDTH ASTERISK)");
    /* In a comment it is only text. */
    wold_model *m = wt_model("A =~ a  # 满意度＝～\n");
    expect_blocks(m, "A: a");
    wold_model_free(m);
}

static void test_unicode_lookalike_lv(void **state)
{
    (void)state;
    /* NFC "Qualité" for the block, NFD (e + U+0301) in the path. */
    expect_error("Qualit\xC3\xA9 =~ q1\nB =~ b\nB ~ Qualite\xCC\x81\n", 3,
                 5,
                 "'Qualite\xCC\x81' has no measurement block; the block "
                 "'Qualit\xC3\xA9' (line 1) differs only in Unicode "
                 "normalisation (NFD in this line, NFC in line 1): save both "
                 "in the same form (NFC)");
    /* An invisible U+200B ZERO WIDTH SPACE after a name. */
    expect_error("Foo =~ f\nB =~ b\nB ~ Foo\xE2\x80\x8B\n", 3, 5,
                 "the block 'Foo' (line 1) differs only by a trailing U+200B "
                 "ZERO WIDTH SPACE in this line: remove it");
}

static void test_names(void **state)
{
    (void)state;
    wold_model *m = wt_model("_x.1 =~ a_b + .c + A.B_9\n");
    expect_blocks(m, "_x.1: a_b .c A.B_9");
    wold_model_free(m);
}

/* ---- errors ------------------------------------------------------------ */

static void test_error_operators(void **state)
{
    (void)state;
    expect_error("A =~ a\nB = b\n", 2, 3,
                 "unknown operator '=' (did you mean '=~'?); supported "
                 "operators are '=~' (reflective block, Mode A), '<~' "
                 "(formative block, Mode B) and '~' (structural path)");
    expect_error("A =~ a\nB =~ b\nA ~~ B\n", 3, 3,
                 "'~~' (covariance) is not supported in PLS path modeling");
    expect_error("A =~~ a\n", 1, 3, "unknown operator '=~~'");
    expect_error("A := a\n", 1, 3, "unknown operator ':='");
    expect_error("A <- a\n", 1, 3, "unknown operator '<-'");
    expect_error("A == a\n", 1, 3, "unknown operator '=='");
}

static void test_error_missing_name(void **state)
{
    (void)state;
    expect_error("=~ a + b\n", 1, 1,
                 "missing name: expected a latent variable name before '=~'");
    expect_error("X =~\nY =~ y\n", 1, 5,
                 "missing name: expected an indicator name after '=~', "
                 "found end of line");
    expect_error("X =~", 1, 5, "found end of input");
    expect_error("X =~ # nothing\n", 1, 6, "found end of line");
    expect_error("X =~ x\nY =~ y\nY ~ ;\n", 3, 5,
                 "expected a latent variable name after '~', found ';'");
    expect_error("A =~ a + + b\n", 1, 10,
                 "expected an indicator name after '+', found '+'");
    expect_error("A\n", 1, 2,
                 "expected an operator ('=~', '<~' or '~') after 'A', found "
                 "end of line");
    expect_error("A =~ a1 + a2\n     a3\n", 2, 8,
                 "after 'a3', found end of line (a statement continues onto "
                 "the next line only when its line ends with '+')");
    expect_error("A B =~ x\n", 1, 3,
                 "expected an operator ('=~', '<~' or '~') after 'A', found "
                 "'B'");
    expect_error("0.5 =~ x\n", 1, 1,
                 "expected a latent variable name at the start of a "
                 "statement, found '0.5'");
    expect_error("A =~ a b\n", 1, 8,
                 "expected '+' or the end of the statement after 'a', found "
                 "'b'");
    expect_error("A =~ a =~ b\n", 1, 8, "found '=~'");
}

static void test_error_dangling_plus(void **state)
{
    (void)state;
    expect_error("A =~ a +", 1, 8,
                 "dangling '+' at the end of input: expected a name after it");
    expect_error("A =~ a +  # comment\n\n", 1, 8,
                 "dangling '+' at the end of input");
    expect_error("A =~ a1 + a2 +\nB =~ b\n", 1, 14,
                 "dangling '+' at the end of line 1: line 2 starts a new "
                 "statement ('B =~'); remove the '+' or put a name after it");
    expect_error("A =~ a + =~ b\n", 1, 8,
                 "dangling '+' before '=~': expected a name after it");
}

static void test_error_premultiplier(void **state)
{
    (void)state;
    expect_error("A =~ 0.8 exp1\n", 1, 10,
                 "expected '*' between the premultiplier '0.8' and 'exp1' "
                 "(write '0.8*exp1')");
    expect_error("A =~ *exp1\n", 1, 6,
                 "'*' needs a number before it: a premultiplier is written "
                 "like '0.8*exp1'");
    expect_error("A =~ 0.8*\n", 1, 10,
                 "expected an indicator name after '0.8*', found end of "
                 "line");
    expect_error("A =~ 0.8\n", 1, 9,
                 "expected '*' and a name after the premultiplier '0.8', "
                 "found end of line");
    expect_error("A =~ b*exp1\n", 1, 7,
                 "a premultiplier must be a number, not 'b' (labels such as "
                 "'a*x' are not supported)");
    expect_error("A =~ 1e999*a\n", 1, 6, "number '1e999' is out of range");
    expect_error("A =~ 1abc\n", 1, 6,
                 "'1abc' is not a name: a name may not start with a digit");
}

static void test_error_characters(void **state)
{
    (void)state;
    expect_error("A =~ a, b\n", 1, 7, "unexpected ','; separate names with "
                                      "'+'");
    expect_error("A =~ (a)\n", 1, 6, "unexpected character '('");
    expect_error("A =~ a\n\nB =~ \xC3\x28\n", 3, 6,
                 "invalid UTF-8 byte 0xC3; a model file must be UTF-8 text");
    expect_error("é =~ \xED\xA0\x80\n", 1, 6, "invalid UTF-8 byte 0xED");
    expect_error("A =~ \xC0\xAF\n", 1, 6, "invalid UTF-8 byte 0xC0");
}

/*
 * A NUL byte before a byte that is not UTF-8, on the same line (found by
 * tests/fuzz/fuzz_model): the error was at the bad byte, but the line shown
 * ended at the NUL, so the caret stood short of it.  The NUL is the first
 * mistake and is reported, at its place.
 */
static void test_error_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "A =~ a\nB =~ b\nB \x01\0Uj3\xF1O`";
    wold_model *m = NULL;
    wold_error err;
    wold_status st =
        wold_model_parse(&m, text, sizeof text - 1, "bad.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "bad.wold:3:4: error: NUL byte; a model file must be "
                    "UTF-8 text (is it a binary or UTF-16 file?)\n"
                    "    B \x01\n"
                    "       ^");
    assert_null(m);
    static const char comment[] = "A =~ a # \0\nB =~ b\nB ~ A\n";
    st = wold_model_parse(&m, comment, sizeof comment - 1, "bad.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "bad.wold:1:10: error: NUL byte");
}

/* The formatted error's caret stands under the first occurrence of what
 * in its source line (the line after the message). */
static void expect_caret_under(const wold_error *err, const char *what)
{
    char buf[4096];
    wold_error_format(err, buf, sizeof buf);
    const char *shown = strchr(buf, '\n');
    assert_non_null(shown);
    shown += 5; /* "\n    " */
    const char *caret = strchr(shown, '\n');
    assert_non_null(caret);
    const char *hit = strstr(shown, what);
    if (hit == NULL || hit > caret || strlen(caret) < 6 ||
        (size_t)(hit - shown) != strlen(caret + 5) - 1)
        fail_msg("caret not under '%s':\n%s", what, buf);
}

/*
 * An error on a line longer than wold_error.source_line (found by
 * tests/fuzz/fuzz_model): the line was cut at 511 bytes and the caret
 * drawn at its end, far from the error.  The line is now shown as a window
 * around the error, with "..." where text is left out.
 */
static void test_error_long_line(void **state)
{
    (void)state;
    char text[4096] = "A =~ x0";
    for (int i = 1; i < 150; i++)
        sprintf(text + strlen(text), " + x%d", i);
    strcat(text, " + (y)\nB =~ b\nB ~ A\n");
    wold_model *m = NULL;
    wold_error err;
    wold_status st = wold_model_parse(&m, text, strlen(text), "l.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "l.wold:1:946: error: unexpected "
                                           "character '('");
    assert_true(strncmp(err.source_line, "...", 3) == 0);
    expect_caret_under(&err, "(y)");
    /* An error near the start shows the start, and "..." after it. */
    text[7] = '%';
    st = wold_model_parse(&m, text, strlen(text), "l.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "l.wold:1:8: error");
    assert_true(strncmp(err.source_line, "A =~ x0%+ x1", 12) == 0);
    assert_string_equal(err.source_line + strlen(err.source_line) - 3, "...");
    expect_caret_under(&err, "%+ x1");
    text[7] = ' ';
    /* Wide characters are cut whole; the bad UTF-8 byte is found too. */
    char wide[2048] = "\xE9\xA1\xBE =~ ";
    for (int i = 0; i < 200; i++)
        strcat(wide, "\xE8\xB4\xA8");
    strcat(wide, " \xFF\n");
    st = wold_model_parse(&m, wide, strlen(wide), "w.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "w.wold:1:207: error: invalid "
                                           "UTF-8 byte 0xFF");
    char buf[4096];
    wold_error_format(&err, buf, sizeof buf);
    const char *caret = strrchr(buf, '\n') + 1;
    /* "    ...", then two columns per wide character, the space, '^'. */
    assert_true(strspn(caret, " ") == strlen(caret) - 1);
    size_t wide_shown = 0;
    for (const char *p = err.source_line; *p; p++)
        wide_shown += (unsigned char)*p == 0xE8;
    assert_int_equal(strlen(caret), 4 + 3 + 2 * wide_shown + 1 + 1);
}

static void test_error_blocks(void **state)
{
    (void)state;
    expect_error("A =~ a1\nB <~ b1\nA <~ a2\nB ~ A\n", 3, 1,
                 "'A' has a reflective block ('=~') on line 1; it cannot "
                 "also have a formative block ('<~')");
    expect_error("A =~ a1 + x\nB =~ b1\nB =~ x\n", 3, 6,
                 "indicator 'x' is already in the block of 'A' (line 1, "
                 "column 11); an indicator belongs to one block only");
    expect_error("A =~ a1 + a2\nA =~ a1\n", 2, 6,
                 "indicator 'a1' appears twice in the block of 'A' (first on "
                 "line 1, column 6)");
    expect_error("", 0, 0, "bad.wold: error: the model has no measurement "
                           "blocks; define at least one");
    expect_error("# only a comment\n\n", 0, 0,
                 "the model has no measurement blocks");
    expect_error("A =~ a\nB =~ b\nCSI =~ A + b2\nCSI ~ B\n", 3, 8,
                 "'A' is a latent variable, so it cannot be an indicator of "
                 "'CSI': higher-order constructs are not supported by this "
                 "version; use the two-stage approach (fit the first-order "
                 "model, then use its LV scores as indicators of 'CSI')");
}

static void test_error_paths(void **state)
{
    (void)state;
    expect_error("A =~ a\nB =~ b\nB ~ A + Foo\n", 3, 9,
                 "'Foo' has no measurement block; define it with 'Foo =~ …' "
                 "or 'Foo <~ …'");
    expect_error("A =~ a\nFoo ~ A\n", 2, 1, "'Foo' has no measurement block");
    expect_error("Image =~ a\nB =~ b\nB ~ Imge\n", 3, 5,
                 "'Imge' has no measurement block (did you mean 'Image'?)");
    expect_error("A ~ B\n", 1, 1, "'A' has no measurement block");
    expect_error("A =~ a\nB =~ b\nB ~ a\n", 3, 5,
                 "'a' is an indicator (of 'A', line 1), not a latent "
                 "variable; '~' links latent variables");
    expect_error("A =~ a\nB =~ b\nB ~ A\nB ~ 0.3*A\n", 4, 9,
                 "duplicate path 'A -> B' (first given on line 3, column 5)");
    expect_error("A =~ a\nB =~ b\nB ~ A\nA ~ A\n", 4, 5,
                 "self-loop 'A ~ A': a latent variable cannot be its own "
                 "predecessor");
    expect_error("A =~ a\nB =~ b\nC =~ c\nB ~ A\nC ~ B\nA ~ C\n", 6, 5,
                 "the structural model has a cycle: A -> B -> C -> A; PLS "
                 "path modeling needs a recursive model");
    expect_error("A =~ a\nB =~ b\nC =~ c\nD =~ d\nB ~ A\nD ~ C\nC ~ D\n", 7,
                 5, "cycle: C -> D -> C;");
    expect_error("A =~ a\nB =~ b\nC =~ c\nB ~ A\n", 3, 1,
                 "latent variable 'C' has no structural path; link it with a "
                 "'~' line (such as 'Y ~ C') or remove its block");
}

/* ---- files ------------------------------------------------------------- */

static void test_read(void **state)
{
    (void)state;
    char *path = wt_temp_file("A =~ a1 + a2\nB =~ b\nB ~ A\n", ".wold");
    wold_model *m = NULL;
    wold_error err;
    assert_int_equal(wold_model_read(&m, path, &err), WOLD_OK);
    assert_string_equal(wold_model_filename(m), path);
    assert_int_equal(wold_model_n_mv(m), 3);
    wold_model_free(m);
    unlink(path);
    free(path);

    wold_status st = wold_model_read(&m, "/nonexistent/acsi.wold", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "/nonexistent/acsi.wold: error: cannot open file");
    assert_null(m);

    path = wt_temp_file("A =~ a\nA ~ B\n", ".wold");
    st = wold_model_read(&m, path, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, ":2:5: error: 'B' has no");
    assert_string_equal(err.file, path);
    unlink(path);
    free(path);
}

static void test_read_stdin(void **state)
{
    (void)state;
    /* Standard input is "<stdin>" in messages and wold_model_filename. */
    char *path = wt_temp_file("A =~ a1 + a2\n", ".wold");
    assert_non_null(freopen(path, "r", stdin));
    wold_model *m = NULL;
    wold_error err;
    assert_int_equal(wold_model_read(&m, "-", &err), WOLD_OK);
    assert_string_equal(wold_model_filename(m), "<stdin>");
    wold_model_free(m);
    unlink(path);
    free(path);

    path = wt_temp_file("A =~ a\nA ~ B\n", ".wold");
    assert_non_null(freopen(path, "r", stdin));
    wold_status st = wold_model_read(&m, "-", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "<stdin>:2:5: error: 'B' has no measurement block");
    assert_string_equal(err.file, "<stdin>");
    assert_null(m);
    unlink(path);
    free(path);

    /* Text the caller read from standard input itself, named "-". */
    st = wold_model_parse(&m, "A =~ a\nA ~ B\n", 13, "-", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "<stdin>:2:5: error:");
    assert_int_equal(wold_model_parse(&m, "A =~ a\n", 7, "-", &err),
                     WOLD_OK);
    assert_string_equal(wold_model_filename(m), "<stdin>");
    wold_model_free(m);
    assert_int_equal(wold_model_parse(&m, "A =~ a\n", 7, NULL, &err),
                     WOLD_OK);
    assert_string_equal(wold_model_filename(m), "<model>");
    wold_model_free(m);
    /* A read error (a directory read as a stream) names it the same. */
    if (freopen("/tmp", "r", stdin) != NULL) {
        st = wold_model_read(&m, "-", &err);
        WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                        "<stdin>: error: cannot read: Is a directory");
        assert_null(m);
    }
}

static void test_error_at_mv(void **state)
{
    (void)state;
    wold_model *m = wt_model("# header\r\nA =~ a1 +\r\n  mañana + a3\r\n"
                             "B =~ b\nB ~ A\n");
    wold_error err;
    wold_status st =
        wold_model_error_at_mv(m, 2, &err, "column 'a3' is not in the data");
    assert_int_equal(st, WOLD_EINPUT);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 12);
    assert_string_equal(err.source_line, "  mañana + a3");
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "test.wold:3:12: error: column 'a3' is not in the data\n"
                    "      mañana + a3\n"
                    "               ^");
    wold_model_free(m);
}

static void check_model_file(const char *rel, size_t n_lv, size_t n_mv,
                             size_t n_paths, int values)
{
    wold_model *m = NULL;
    wold_error err;
    wold_status st = wold_model_read(&m, wt_source(rel), &err);
    if (st != WOLD_OK) {
        char buf[4096];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("%s", buf);
    }
    assert_int_equal(wold_model_n_lv(m), n_lv);
    assert_int_equal(wold_model_n_mv(m), n_mv);
    assert_int_equal(wold_model_n_paths(m), n_paths);
    for (size_t i = 0; i < n_mv; i++)
        assert_int_equal(!isnan(wold_model_mv_value(m, i)), values);
    wold_model_free(m);
}

static void test_model_files(void **state)
{
    (void)state;
    check_model_file("models/acsi.wold", 6, 14, 9, 1);
    check_model_file("models/ecsi.wold", 7, 24, 12, 1);
    check_model_file("models/satisfaction.wold", 6, 27, 10, 0);
    check_model_file("models/mobile_ecsi.wold", 7, 24, 12, 0);
}

/* The satisfaction model matches the plspm reference's LV and MV order. */
static void test_satisfaction_order(void **state)
{
    (void)state;
    wold_model *m = NULL;
    wold_error err;
    assert_int_equal(
        wold_model_read(&m, wt_source("models/satisfaction.wold"), &err),
        WOLD_OK);
    const char *lv[] = {"IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY"};
    for (size_t j = 0; j < 6; j++)
        assert_string_equal(wold_model_lv_name(m, j), lv[j]);
    assert_string_equal(wold_model_mv_name(m, 0), "imag1");
    assert_string_equal(wold_model_mv_name(m, 26), "loy4");
    assert_true(wold_model_has_path(m, 0, 1)); /* IMAG -> EXPE */
    assert_true(wold_model_has_path(m, 4, 5)); /* SAT -> LOY */
    assert_false(wold_model_has_path(m, 1, 5)); /* no EXPE -> LOY */
    wold_model_free(m);
}

/* ---- scales ------------------------------------------------------------ */

/* mv's scale, or fails. */
static void expect_scale(const wold_model *m, size_t mv, double lo, double hi,
                         long line)
{
    double l = NAN, h = NAN;
    if (!wold_model_mv_scale(m, mv, &l, &h))
        fail_msg("%s has no scale", wold_model_mv_name(m, mv));
    assert_true(l == lo && h == hi);
    assert_int_equal(wold_model_mv_scale_line(m, mv), line);
}

static void test_scales(void **state)
{
    (void)state;
    /* Indicator > block > model > default, in any order in the file. */
    wold_model *m = wt_model("scale 1:7 q1 + e1\n"
                             "Quality =~ q1 + q2 + q3\n"
                             "scale 1:5  Quality\n"
                             "Exp =~ e1 + e2; scale 0:10\n"
                             "Quality ~ Exp\n");
    expect_scale(m, 0, 1, 7, 1);
    expect_scale(m, 1, 1, 5, 3);
    expect_scale(m, 2, 1, 5, 3);
    expect_scale(m, 3, 1, 7, 1);
    expect_scale(m, 4, 0, 10, 4);
    wold_error err;
    assert_int_equal(wold_model_set_default_scale(m, -1, 1, &err), WOLD_OK);
    expect_scale(m, 4, 0, 10, 4);
    wold_model_free(m);
    /* The default fills only what the file leaves open; negative and
     * decimal bounds; an LV called "scale". */
    m = wt_model("scale -2.5:2.5 a1\nA =~ a1 + a2\nscale =~ s1 + s2\n"
                 "scale ~ A\n");
    double lo = 0, hi = 0;
    assert_int_equal(wold_model_n_lv(m), 2);
    assert_string_equal(wold_model_lv_name(m, 1), "scale");
    expect_scale(m, 0, -2.5, 2.5, 1);
    assert_int_equal(wold_model_mv_scale(m, 1, &lo, &hi), 0);
    assert_int_equal(wold_model_set_default_scale(m, 1, 10, &err), WOLD_OK);
    expect_scale(m, 0, -2.5, 2.5, 1);
    expect_scale(m, 1, 1, 10, 0);
    assert_int_equal(wold_model_set_default_scale(m, 0, 5, &err), WOLD_OK);
    expect_scale(m, 3, 0, 5, 0);
    WT_EXPECT_ERROR(wold_model_set_default_scale(m, 5, 5, &err), &err,
                    WOLD_EUSAGE, "MIN below MAX");
    WT_EXPECT_ERROR(wold_model_set_default_scale(m, 0, INFINITY, &err), &err,
                    WOLD_EUSAGE, "finite");
    wold_model_free(m);
    /* A scale line continues after '+'; an indicator named "scale". */
    m = wt_model("A =~ scale + a2\nscale 1:5 scale +\n  a2\n");
    expect_scale(m, 0, 1, 5, 2);
    expect_scale(m, 1, 1, 5, 2);
    wold_model_free(m);
}

static void test_error_scales(void **state)
{
    (void)state;
    const char *blk = "\nA =~ a1 + a2\n";
    char t[256];
    snprintf(t, sizeof t, "scale 10:1%s", blk);
    expect_error(t, 1, 7, "minimum must be below the maximum");
    snprintf(t, sizeof t, "scale 1:1%s", blk);
    expect_error(t, 1, 7, "minimum must be below the maximum");
    snprintf(t, sizeof t, "scale 1-10%s", blk);
    expect_error(t, 1, 8, "not MIN-MAX");
    snprintf(t, sizeof t, "scale 1:%s", blk);
    expect_error(t, 1, 9, "expected the maximum of the scale");
    snprintf(t, sizeof t, "scale :5%s", blk);
    expect_error(t, 1, 7, "expected the minimum of the scale");
    snprintf(t, sizeof t, "scale%s", blk);
    expect_error(t, 1, 6, "expected the minimum of the scale");
    snprintf(t, sizeof t, "scale x 1:5%s", blk);
    expect_error(t, 1, 7, "expected the minimum");
    snprintf(t, sizeof t, "scale 1:5 Foo%s", blk);
    expect_error(t, 1, 11, "'Foo' is neither a latent variable nor an "
                           "indicator");
    snprintf(t, sizeof t, "scale 1:5 a1 a2%s", blk);
    expect_error(t, 1, 14, "expected '+' or the end of the statement");
    snprintf(t, sizeof t, "scale 1:5 2*a1%s", blk);
    expect_error(t, 1, 11, "expected a latent variable or indicator name");
    snprintf(t, sizeof t, "scale 1:5 a1*%s", blk);
    expect_error(t, 1, 13, "takes no premultipliers");
    snprintf(t, sizeof t, "scale 1:5 a1 +%s", blk);
    expect_error(t, 1, 14, "dangling '+'");
    /* The same level twice: the second names the first's line. */
    snprintf(t, sizeof t, "scale 0:10%sscale 1:5\n", blk);
    expect_error(t, 3, 1, "a second scale for the whole model: line 1");
    snprintf(t, sizeof t, "scale 1:5 A%sscale 1:7 A\n", blk);
    expect_error(t, 3, 11, "a second scale for the block of 'A' (indicator "
                           "'a1'): line 1 already gives it 1:5");
    snprintf(t, sizeof t, "scale 1:5 a2%sscale 1:7 a1 + a2\n", blk);
    expect_error(t, 3, 16, "a second scale for indicator 'a2': line 1");
    snprintf(t, sizeof t, "scale 1:5 a2 + a2%s", blk);
    expect_error(t, 1, 16, "a second scale for indicator 'a2': line 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_comments_blank_lines),
        cmocka_unit_test(test_continuation),
        cmocka_unit_test(test_semicolons),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_utf8_names),
        cmocka_unit_test(test_error_nul_byte),
        cmocka_unit_test(test_error_long_line),
        cmocka_unit_test(test_premultipliers),
        cmocka_unit_test(test_signed_premultipliers),
        cmocka_unit_test(test_merged_blocks_and_order),
        cmocka_unit_test(test_adjacency),
        cmocka_unit_test(test_single_block),
        cmocka_unit_test(test_item_named_like_its_lv),
        cmocka_unit_test(test_unicode_spaces),
        cmocka_unit_test(test_fullwidth_punctuation),
        cmocka_unit_test(test_unicode_lookalike_lv),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_error_operators),
        cmocka_unit_test(test_error_missing_name),
        cmocka_unit_test(test_error_dangling_plus),
        cmocka_unit_test(test_error_premultiplier),
        cmocka_unit_test(test_error_characters),
        cmocka_unit_test(test_error_blocks),
        cmocka_unit_test(test_error_paths),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_read_stdin),
        cmocka_unit_test(test_error_at_mv),
        cmocka_unit_test(test_model_files),
        cmocka_unit_test(test_satisfaction_order),
        cmocka_unit_test(test_scales),
        cmocka_unit_test(test_error_scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
