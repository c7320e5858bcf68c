/*
 * parse.c - statements into the builder.  A statement is
 *     NAME OP TERM { '+' TERM }       OP: =~  <~  ~
 *     TERM = [ [ '+' ] NUMBER '*' ] NAME   (a NUMBER may start with '-')
 * or a scale line
 *     scale NUMBER ':' NUMBER [ NAME { '+' NAME } ]
 * ended by a line end, ';' or the end of input; after a '+' it continues
 * on the next line.  Names are resolved later (build.c), so blocks and
 * paths may come in any order.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

typedef struct parser {
    wold__builder *b;
    wold__lexer lx;
    wold__tok tok;
} parser;

static const char *op_text(wold__op op)
{
    return op == WOLD__OP_REFLECTIVE ? "=~"
           : op == WOLD__OP_FORMATIVE ? "<~"
                                      : "~";
}

static wold_status advance(parser *ps) { return wold__lex_next(&ps->lx, &ps->tok); }

static wold_status fail(parser *ps, wold__loc loc, const char *fmt, ...)
    WOLD_PRINTF(3, 4);

static wold_status fail(parser *ps, wold__loc loc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    wold__vformat_text(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wold__model_raise(ps->b->model, loc, ps->b->err, "%s", msg);
}

static wold_status no_memory(parser *ps)
{
    return WOLD_FAIL(ps->b->err, WOLD_ENOMEM, "out of memory parsing %s",
                     ps->b->model->filename);
}

static size_t find_block(const wold__builder *b, const wold__name *name)
{
    for (size_t i = 0; i < b->n_block; i++)
        if (wold__name_eq(&b->block[i].name, name->p, name->len))
            return i;
    return (size_t)-1;
}

/* The block of lhs, made on its first "=~"/"<~" line. */
static wold_status open_block(parser *ps, const wold__name *lhs,
                              wold_mode mode, size_t *out)
{
    wold__builder *b = ps->b;
    size_t i = find_block(b, lhs);
    if (i != (size_t)-1) {
        const wold__bblock *bl = &b->block[i];
        if (bl->mode != mode)
            return fail(ps, lhs->loc,
                        "'%.*s' has a %s block ('%s') on line %ld; it cannot "
                        "also have a %s block ('%s')",
                        (int)lhs->len, lhs->p,
                        bl->mode == WOLD_MODE_A ? "reflective" : "formative",
                        bl->mode == WOLD_MODE_A ? "=~" : "<~",
                        bl->name.loc.line,
                        mode == WOLD_MODE_A ? "reflective" : "formative",
                        mode == WOLD_MODE_A ? "=~" : "<~");
        *out = i;
        return WOLD_OK;
    }
    if (!wold__grow((void **)&b->block, &b->cap_block,
                    b->n_block + 1, sizeof *b->block))
        return no_memory(ps);
    b->block[b->n_block].name = *lhs;
    b->block[b->n_block].mode = mode;
    *out = b->n_block++;
    return WOLD_OK;
}

static wold_status add_item(parser *ps, size_t lv, const wold__name *name,
                            double value)
{
    wold__builder *b = ps->b;
    for (size_t i = 0; i < b->n_item; i++) {
        const wold__bitem *it = &b->item[i];
        if (!wold__name_eq(&it->name, name->p, name->len))
            continue;
        const wold__name *owner = &b->block[it->lv].name;
        if (it->lv == lv)
            return fail(ps, name->loc,
                        "indicator '%.*s' appears twice in the block of "
                        "'%.*s' (first on line %ld, column %ld)",
                        (int)name->len, name->p, (int)owner->len, owner->p,
                        it->name.loc.line, it->name.loc.col);
        return fail(ps, name->loc,
                    "indicator '%.*s' is already in the block of '%.*s' "
                    "(line %ld, column %ld); an indicator belongs to one "
                    "block only",
                    (int)name->len, name->p, (int)owner->len, owner->p,
                    it->name.loc.line, it->name.loc.col);
    }
    if (!wold__grow((void **)&b->item, &b->cap_item,
                    b->n_item + 1, sizeof *b->item))
        return no_memory(ps);
    wold__bitem it = {*name, lv, value};
    b->item[b->n_item++] = it;
    return WOLD_OK;
}

static wold_status add_edge(parser *ps, const wold__name *to,
                            const wold__name *from, double value)
{
    wold__builder *b = ps->b;
    if (!wold__grow((void **)&b->edge, &b->cap_edge,
                    b->n_edge + 1, sizeof *b->edge))
        return no_memory(ps);
    wold__bedge e = {*to, *from, value};
    b->edge[b->n_edge++] = e;
    return WOLD_OK;
}

static wold__name name_of(const wold__tok *tok)
{
    wold__name n = {tok->p, tok->len, tok->loc};
    return n;
}

/* What a term of op names: "an indicator name" or "a latent variable name". */
static const char *expected_name(wold__op op)
{
    return op == WOLD__OP_REGRESS ? "a latent variable name"
                                  : "an indicator name";
}

static wold_status bad_premultiplier(parser *ps, const wold__tok *num)
{
    char found[256];
    wold__tok_show(&ps->tok, found, sizeof found);
    if (ps->tok.kind == WOLD__TOK_NAME)
        return fail(ps, ps->tok.loc,
                    "expected '*' between the premultiplier '%.*s' and "
                    "'%.*s' (write '%.*s*%.*s')",
                    (int)num->len, num->p, (int)ps->tok.len, ps->tok.p,
                    (int)num->len, num->p, (int)ps->tok.len, ps->tok.p);
    return fail(ps, ps->tok.loc,
                "expected '*' and a name after the premultiplier '%.*s', "
                "found %s",
                (int)num->len, num->p, found);
}

/*
 * A '+' that signs a premultiplier, as lavaan writes "+0.5*x": the number
 * after it (its token in *num, spanning the '+' when they touch) and 1;
 * else 0, with the parser on the token after the '+' for the caller's
 * error.  The number's own sign stays: "+-0.5" is -0.5.
 */
static wold_status signed_number(parser *ps, wold__tok *num, int *found)
{
    wold__tok plus = ps->tok;
    *found = 0;
    WOLD_TRY(advance(ps));
    if (ps->tok.kind != WOLD__TOK_NUMBER)
        return WOLD_OK;
    *num = ps->tok;
    if (plus.p + 1 == num->p) {
        num->p = plus.p;
        num->len++;
        num->loc = plus.loc;
    }
    *found = 1;
    return WOLD_OK;
}

/* TERM at the current token; after it, the token that follows the name. */
static wold_status parse_term(parser *ps, const wold__tok *after,
                              wold__op op, wold__name *name, double *value)
{
    char found[256];
    *value = NAN;
    int is_signed = 0;
    wold__tok num = ps->tok;
    if (ps->tok.kind == WOLD__TOK_PLUS) {
        wold__tok plus = ps->tok;
        WOLD_TRY(signed_number(ps, &num, &is_signed));
        if (!is_signed)
            return fail(ps, plus.loc, "missing name: expected %s after "
                        "'%.*s', found '+'",
                        expected_name(op), (int)after->len, after->p);
    }
    if (is_signed || ps->tok.kind == WOLD__TOK_NUMBER) {
        WOLD_TRY(advance(ps));
        if (ps->tok.kind != WOLD__TOK_STAR)
            return bad_premultiplier(ps, &num);
        WOLD_TRY(advance(ps));
        if (ps->tok.kind != WOLD__TOK_NAME) {
            wold__tok_show(&ps->tok, found, sizeof found);
            return fail(ps, ps->tok.loc, "expected %s after '%.*s*', found %s",
                        expected_name(op), (int)num.len, num.p, found);
        }
        *value = num.number;
    } else if (ps->tok.kind == WOLD__TOK_STAR) {
        return fail(ps, ps->tok.loc,
                    "'*' needs a number before it: a premultiplier is "
                    "written like '0.8*exp1'");
    } else if (ps->tok.kind != WOLD__TOK_NAME) {
        wold__tok_show(&ps->tok, found, sizeof found);
        return fail(ps, ps->tok.loc, "missing name: expected %s after '%.*s', "
                    "found %s",
                    expected_name(op), (int)after->len, after->p, found);
    }
    *name = name_of(&ps->tok);
    return advance(ps);
}

static wold_status add_term(parser *ps, const wold__name *lhs, wold__op op,
                            size_t block, const wold__name *name, double value)
{
    if (op == WOLD__OP_REGRESS)
        return add_edge(ps, lhs, name, value);
    return add_item(ps, block, name, value);
}

/* After '+': skips line ends; a '+' that dangles is the error. */
static wold_status after_plus(parser *ps, const wold__tok *plus, int *newline)
{
    *newline = 0;
    while (ps->tok.kind == WOLD__TOK_EOL) {
        *newline = 1;
        WOLD_TRY(advance(ps));
    }
    if (ps->tok.kind == WOLD__TOK_EOF)
        return fail(ps, plus->loc, "dangling '+' at the end of input: "
                    "expected a name after it");
    if (ps->tok.kind == WOLD__TOK_OP)
        return fail(ps, plus->loc, "dangling '+' before '%.*s': expected a "
                    "name after it",
                    (int)ps->tok.len, ps->tok.p);
    return WOLD_OK;
}

/* The token after a term must end the statement or be '+'. */
static wold_status after_term(parser *ps, const wold__name *term,
                              const wold__tok *plus, int newline)
{
    char found[256];
    wold__tok_kind k = ps->tok.kind;
    if (k == WOLD__TOK_PLUS || k == WOLD__TOK_EOL || k == WOLD__TOK_SEMI ||
        k == WOLD__TOK_EOF)
        return WOLD_OK;
    if (k == WOLD__TOK_OP && newline)
        return fail(ps, plus->loc,
                    "dangling '+' at the end of line %ld: line %ld starts a "
                    "new statement ('%.*s %.*s'); remove the '+' or put a "
                    "name after it",
                    plus->loc.line, term->loc.line, (int)term->len, term->p,
                    (int)ps->tok.len, ps->tok.p);
    wold__tok_show(&ps->tok, found, sizeof found);
    if (k == WOLD__TOK_STAR)
        return fail(ps, ps->tok.loc,
                    "a premultiplier must be a number, not '%.*s' (labels "
                    "such as 'a*x' are not supported)",
                    (int)term->len, term->p);
    if (k == WOLD__TOK_NUMBER && ps->tok.p[0] == '-')
        return fail(ps, ps->tok.loc,
                    "expected '+' or the end of the statement after '%.*s', "
                    "found %s ('-' is not an operator: write '+ %.*s' for a "
                    "negative premultiplier)",
                    (int)term->len, term->p, found, (int)ps->tok.len,
                    ps->tok.p);
    return fail(ps, ps->tok.loc,
                "expected '+' or the end of the statement after '%.*s', found "
                "%s (one statement per line, or separate them with ';')",
                (int)term->len, term->p, found);
}

static wold_status parse_terms(parser *ps, const wold__name *lhs,
                               const wold__tok *op)
{
    size_t block = 0;
    if (op->op != WOLD__OP_REGRESS)
        WOLD_TRY(open_block(ps, lhs,
                            op->op == WOLD__OP_REFLECTIVE ? WOLD_MODE_A
                                                          : WOLD_MODE_B,
                            &block));
    wold__tok after = *op, plus = *op;
    int newline = 0;
    for (;;) {
        wold__name name = {NULL, 0, {0, 0}};
        double value;
        WOLD_TRY(parse_term(ps, &after, op->op, &name, &value));
        WOLD_TRY(after_term(ps, &name, &plus, newline));
        WOLD_TRY(add_term(ps, lhs, op->op, block, &name, value));
        if (ps->tok.kind != WOLD__TOK_PLUS)
            return WOLD_OK;
        plus = after = ps->tok;
        WOLD_TRY(advance(ps));
        WOLD_TRY(after_plus(ps, &plus, &newline));
    }
}

static wold_status add_scale(parser *ps, double lo, double hi, wold__loc loc,
                             const wold__name *target)
{
    wold__builder *b = ps->b;
    if (!wold__grow((void **)&b->scale, &b->cap_scale,
                    b->n_scale + 1, sizeof *b->scale))
        return no_memory(ps);
    wold__bscale sc = {lo, hi, loc, loc.line, {NULL, 0, {0, 0}},
                       target != NULL};
    if (target != NULL)
        sc.target = *target, sc.loc = target->loc;
    b->scale[b->n_scale++] = sc;
    return WOLD_OK;
}

static int ends_statement(wold__tok_kind k)
{
    return k == WOLD__TOK_EOL || k == WOLD__TOK_SEMI || k == WOLD__TOK_EOF;
}

/* One number of a range; what names the part expected ("the minimum"). */
static wold_status range_number(parser *ps, const char *what, double *out)
{
    char found[256];
    if (ps->tok.kind != WOLD__TOK_NUMBER) {
        wold__tok_show(&ps->tok, found, sizeof found);
        return fail(ps, ps->tok.loc,
                    "expected %s of the scale (a number, as in 'scale "
                    "1:10'), found %s",
                    what, found);
    }
    *out = ps->tok.number;
    return advance(ps);
}

/* "MIN:MAX" after "scale"; lo < hi. */
static wold_status parse_range(parser *ps, double *lo, double *hi)
{
    char found[256];
    wold__tok first = ps->tok;
    WOLD_TRY(range_number(ps, "the minimum", lo));
    if (ps->tok.kind != WOLD__TOK_COLON) {
        wold__tok_show(&ps->tok, found, sizeof found);
        return fail(ps, ps->tok.loc,
                    "expected ':' between the minimum and the maximum of the "
                    "scale (as in 'scale 1:10'), found %s%s",
                    found,
                    ps->tok.kind == WOLD__TOK_NUMBER && ps->tok.p[0] == '-'
                        ? " (write MIN:MAX, not MIN-MAX)"
                        : "");
    }
    WOLD_TRY(advance(ps));
    WOLD_TRY(range_number(ps, "the maximum", hi));
    if (!(*lo < *hi))
        return fail(ps, first.loc,
                    "bad scale %g:%g: the minimum must be below the maximum",
                    *lo, *hi);
    return WOLD_OK;
}

/*
 * scale MIN:MAX [ NAME { '+' NAME } ]   at the token after "scale".  The
 * names are resolved once every block is known (scale.c).
 */
static wold_status parse_scale(parser *ps, const wold__name *kw)
{
    char found[256];
    double lo = 0.0, hi = 0.0;
    WOLD_TRY(parse_range(ps, &lo, &hi));
    if (ends_statement(ps->tok.kind))
        return add_scale(ps, lo, hi, kw->loc, NULL);
    wold__tok plus = ps->tok;
    int newline = 0;
    for (;;) {
        if (ps->tok.kind != WOLD__TOK_NAME) {
            wold__tok_show(&ps->tok, found, sizeof found);
            return fail(ps, ps->tok.loc,
                        "expected a latent variable or indicator name after "
                        "the scale's range%s, found %s",
                        plus.kind == WOLD__TOK_PLUS ? " and '+'" : "", found);
        }
        wold__name name = name_of(&ps->tok);
        WOLD_TRY(add_scale(ps, lo, hi, kw->loc, &name));
        WOLD_TRY(advance(ps));
        if (ends_statement(ps->tok.kind))
            return WOLD_OK;
        if (ps->tok.kind == WOLD__TOK_STAR)
            return fail(ps, ps->tok.loc, "a scale line takes no "
                        "premultipliers: expected '+' or the end of the "
                        "statement after '%.*s'",
                        (int)name.len, name.p);
        if (ps->tok.kind != WOLD__TOK_PLUS)
            return after_term(ps, &name, &plus, newline);
        plus = ps->tok;
        WOLD_TRY(advance(ps));
        WOLD_TRY(after_plus(ps, &plus, &newline));
    }
}

/* "scale" starts a scale line unless an operator follows (an LV so named). */
static int is_scale_keyword(const wold__name *lhs, const wold__tok *next)
{
    return lhs->len == 5 && memcmp(lhs->p, "scale", 5) == 0 &&
           next->kind != WOLD__TOK_OP;
}

static wold_status parse_statement(parser *ps)
{
    char found[256];
    wold__tok_show(&ps->tok, found, sizeof found);
    if (ps->tok.kind == WOLD__TOK_OP)
        return fail(ps, ps->tok.loc,
                    "missing name: expected a latent variable name before "
                    "'%s'",
                    op_text(ps->tok.op));
    if (ps->tok.kind != WOLD__TOK_NAME)
        return fail(ps, ps->tok.loc,
                    "expected a latent variable name at the start of a "
                    "statement, found %s",
                    found);
    wold__name lhs = name_of(&ps->tok);
    WOLD_TRY(advance(ps));
    if (is_scale_keyword(&lhs, &ps->tok))
        return parse_scale(ps, &lhs);
    if (ps->tok.kind != WOLD__TOK_OP) {
        wold__tok_show(&ps->tok, found, sizeof found);
        /* An indented line is most likely a continuation missing its '+'. */
        return fail(ps, ps->tok.loc,
                    "expected an operator ('=~', '<~' or '~') after '%.*s', "
                    "found %s%s",
                    (int)lhs.len, lhs.p, found,
                    lhs.loc.col > 1 ? " (a statement continues onto the next "
                                      "line only when its line ends with "
                                      "'+')"
                                    : "");
    }
    wold__tok op = ps->tok;
    WOLD_TRY(advance(ps));
    return parse_terms(ps, &lhs, &op);
}

wold_status wold__parse_statements(wold__builder *b)
{
    parser ps;
    ps.b = b;
    wold__lex_init(&ps.lx, b->model, b->err);
    WOLD_TRY(advance(&ps));
    for (;;) {
        while (ps.tok.kind == WOLD__TOK_EOL || ps.tok.kind == WOLD__TOK_SEMI)
            WOLD_TRY(advance(&ps));
        if (ps.tok.kind == WOLD__TOK_EOF)
            return WOLD_OK;
        WOLD_TRY(parse_statement(&ps));
    }
}

void wold__builder_free(wold__builder *b)
{
    free(b->block);
    free(b->item);
    free(b->edge);
    free(b->scale);
}
