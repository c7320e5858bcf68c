/*
 * lex.c - splits model text into names, numbers, operators, '+', '*',
 * line ends and ';'.  Comments and blanks vanish here; "\r\n" is a line end.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

void wold__lex_init(wold__lexer *lx, const wold_model *model, wold_error *err)
{
    lx->model = model;
    lx->err = err;
    lx->pos = 0;
    lx->line = 1;
    lx->line_start = 0;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* Any byte of a non-ASCII character counts: UTF-8 names pass untouched. */
static int is_name_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
           c == '_' || c == '.' || c >= 0x80;
}

static int is_op_char(int c) { return c != '\0' && strchr("=~<>:!|-", c); }

static int at(const wold__lexer *lx, size_t off)
{
    size_t i = lx->pos + off;
    return i < lx->model->text_len ? (unsigned char)lx->model->text[i] : '\0';
}

static wold__loc loc_here(const wold__lexer *lx)
{
    const char *line = lx->model->text + lx->line_start;
    wold__loc loc = {lx->line,
                     (long)wold__utf8_len(line, lx->pos - lx->line_start) + 1};
    return loc;
}

/* Bytes of the Unicode space (U+3000 IDEOGRAPHIC SPACE, U+00A0, ...) at
 * the lexer's position, or 0: such spaces separate tokens like ' '. */
static size_t unicode_space(const wold__lexer *lx)
{
    return wold__unicode_space(lx->model->text + lx->pos,
                               lx->model->text_len - lx->pos);
}

/* The full-width form of '=', '+', ... at off (0 if none): not a name
 * character, but an error of its own. */
static int syntax_char_at(const wold__lexer *lx, size_t off, size_t *len,
                          const char **name)
{
    return wold__unicode_syntax_char(lx->model->text + lx->pos + off,
                                     lx->model->text_len - lx->pos - off,
                                     len, name);
}

/* An input method in full-width mode types '＋' for '+', '～' for '~'. */
static wold_status fullwidth_char(wold__lexer *lx, const wold__tok *tok)
{
    size_t len;
    const char *name;
    int ascii = syntax_char_at(lx, 0, &len, &name);
    return wold__model_raise(lx->model, tok->loc, lx->err,
                             "full-width '%.*s' (%s): write the ASCII '%c' "
                             "(is the input method in full-width mode?)",
                             (int)len, lx->model->text + lx->pos, name,
                             ascii);
}

/* A name character at off that does not start a Unicode space or a
 * full-width form of the syntax's punctuation. */
static int name_char_at(const wold__lexer *lx, size_t off)
{
    int c = at(lx, off);
    if (!is_name_char(c))
        return 0;
    if (c < 0x80)
        return 1;
    size_t len;
    const char *name;
    return wold__unicode_space(lx->model->text + lx->pos + off,
                               lx->model->text_len - lx->pos - off) == 0 &&
           syntax_char_at(lx, off, &len, &name) == 0;
}

/* The '\r' of a "\r\n" line end (or of the text's end): the line shown in
 * errors ends before it, so the line end is located there. */
static int at_crlf(const wold__lexer *lx)
{
    return at(lx, 0) == '\r' &&
           (lx->pos + 1 >= lx->model->text_len || at(lx, 1) == '\n');
}

static void skip_blanks(wold__lexer *lx)
{
    for (;;) {
        int c = at(lx, 0);
        size_t k;
        if (c == ' ' || c == '\t' || (c == '\r' && !at_crlf(lx)) ||
            c == '\f' || c == '\v')
            lx->pos++;
        else if (c >= 0x80 && (k = unicode_space(lx)) > 0)
            lx->pos += k;
        else
            return;
    }
}

static wold_status lex_number(wold__lexer *lx, wold__tok *tok)
{
    size_t k = 0;
    if (at(lx, k) == '-')
        k++;
    while (is_digit(at(lx, k)))
        k++;
    if (at(lx, k) == '.')
        for (k++; is_digit(at(lx, k));)
            k++;
    if ((at(lx, k) == 'e' || at(lx, k) == 'E') &&
        (is_digit(at(lx, k + 1)) ||
         ((at(lx, k + 1) == '+' || at(lx, k + 1) == '-') &&
          is_digit(at(lx, k + 2))))) {
        for (k += 2; is_digit(at(lx, k));)
            k++;
    }
    tok->kind = WOLD__TOK_NUMBER;
    tok->p = lx->model->text + lx->pos;
    if (name_char_at(lx, k)) {
        while (name_char_at(lx, k))
            k++;
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "'%.*s' is not a name: a name may not start "
                                 "with a digit",
                                 (int)k, tok->p);
    }
    char buf[64];
    if (k >= sizeof buf)
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "number '%.*s' is too long", (int)k, tok->p);
    memcpy(buf, tok->p, k);
    buf[k] = '\0';
    tok->number = wold__strtod(buf, NULL);
    tok->len = k;
    lx->pos += k;
    if (!isfinite(tok->number))
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "number '%s' is out of range", buf);
    return WOLD_OK;
}

static wold_status unknown_op(wold__lexer *lx, const wold__tok *tok)
{
    static const char supported[] =
        "supported operators are '=~' (reflective block, Mode A), '<~' "
        "(formative block, Mode B) and '~' (structural path)";
    int n = (int)tok->len;
    if (tok->len == 2 && memcmp(tok->p, "~~", 2) == 0)
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "'~~' (covariance) is not supported in PLS "
                                 "path modeling; %s",
                                 supported);
    if (tok->p[0] == '=' && tok->len <= 2 && tok->p[tok->len - 1] == '=')
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "unknown operator '%.*s' (did you mean "
                                 "'=~'?); %s",
                                 n, tok->p, supported);
    return wold__model_raise(lx->model, tok->loc, lx->err,
                             "unknown operator '%.*s'; %s", n, tok->p,
                             supported);
}

/* A run of operator characters; '-' before a digit starts a number. */
static wold_status lex_op(wold__lexer *lx, wold__tok *tok)
{
    size_t k = 0;
    while (is_op_char(at(lx, k)) &&
           !(k > 0 && at(lx, k) == '-' &&
             (is_digit(at(lx, k + 1)) || at(lx, k + 1) == '.')))
        k++;
    tok->kind = WOLD__TOK_OP;
    tok->p = lx->model->text + lx->pos;
    tok->len = k;
    lx->pos += k;
    if (k == 2 && memcmp(tok->p, "=~", 2) == 0)
        tok->op = WOLD__OP_REFLECTIVE;
    else if (k == 2 && memcmp(tok->p, "<~", 2) == 0)
        tok->op = WOLD__OP_FORMATIVE;
    else if (k == 1 && tok->p[0] == '~')
        tok->op = WOLD__OP_REGRESS;
    else if (k == 1 && tok->p[0] == ':')
        tok->kind = WOLD__TOK_COLON;
    else {
        size_t len;
        const char *name;
        if (syntax_char_at(lx, 0, &len, &name) != 0) {
            /* "=～": the full-width half is the mistake. */
            wold__tok rest = *tok;
            rest.loc.col += (long)k;
            return fullwidth_char(lx, &rest);
        }
        return unknown_op(lx, tok);
    }
    return WOLD_OK;
}

static wold_status unexpected_char(wold__lexer *lx, const wold__tok *tok)
{
    int c = at(lx, 0);
    if (c == ',')
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "unexpected ','; separate names with '+'");
    if (c > 0x20 && c < 0x7F)
        return wold__model_raise(lx->model, tok->loc, lx->err,
                                 "unexpected character '%c'; expected a "
                                 "name, a number, '+', '*', ';' or one of "
                                 "'=~', '<~', '~'",
                                 c);
    return wold__model_raise(lx->model, tok->loc, lx->err,
                             "unexpected control character U+%04X", c);
}

static void single(wold__lexer *lx, wold__tok *tok, wold__tok_kind kind)
{
    tok->kind = kind;
    tok->p = lx->model->text + lx->pos;
    tok->len = 1;
    lx->pos++;
}

/* A line end; a comment before it is part of it (the caret goes at '#'). */
static void lex_eol(wold__lexer *lx, wold__tok *tok)
{
    tok->kind = WOLD__TOK_EOL;
    tok->p = lx->model->text + lx->pos;
    tok->len = 0;
    while (lx->pos < lx->model->text_len && at(lx, 0) != '\n')
        lx->pos++;
    if (lx->pos < lx->model->text_len) {
        lx->pos++;
        lx->line++;
        lx->line_start = lx->pos;
    } else {
        tok->kind = WOLD__TOK_EOF;
    }
}

wold_status wold__lex_next(wold__lexer *lx, wold__tok *tok)
{
    skip_blanks(lx);
    memset(tok, 0, sizeof *tok);
    tok->loc = loc_here(lx);
    int c = at(lx, 0);
    if (lx->pos >= lx->model->text_len) {
        tok->kind = WOLD__TOK_EOF;
        tok->p = lx->model->text + lx->pos;
        return WOLD_OK;
    }
    if (c == '\n' || c == '#' || at_crlf(lx)) {
        lex_eol(lx, tok);
        return WOLD_OK;
    }
    if (c == '+' || c == '*' || c == ';') {
        single(lx, tok, c == '+'   ? WOLD__TOK_PLUS
                        : c == '*' ? WOLD__TOK_STAR
                                   : WOLD__TOK_SEMI);
        return WOLD_OK;
    }
    if (is_digit(c) || ((c == '-' || c == '.') && is_digit(at(lx, 1))) ||
        (c == '-' && at(lx, 1) == '.' && is_digit(at(lx, 2))))
        return lex_number(lx, tok);
    size_t len;
    const char *name;
    if (c >= 0x80 && syntax_char_at(lx, 0, &len, &name) != 0)
        return fullwidth_char(lx, tok);
    if (name_char_at(lx, 0)) {
        tok->kind = WOLD__TOK_NAME;
        tok->p = lx->model->text + lx->pos;
        while (name_char_at(lx, 0))
            lx->pos++;
        tok->len = (size_t)(lx->model->text + lx->pos - tok->p);
        return WOLD_OK;
    }
    if (is_op_char(c) && c != '-')
        return lex_op(lx, tok);
    return unexpected_char(lx, tok);
}

int wold__tok_show(const wold__tok *tok, char *buf, size_t size)
{
    switch (tok->kind) {
    case WOLD__TOK_EOL:
        return snprintf(buf, size, "end of line");
    case WOLD__TOK_EOF:
        return snprintf(buf, size, "end of input");
    default:
        break;
    }
    /* A token too long for buf is cut before a whole character. */
    size_t room = size > 3 ? size - 3 : 0; /* two quotes and the NUL */
    if (tok->len <= room)
        return snprintf(buf, size, "'%.*s'", (int)tok->len, tok->p);
    size_t n = room > 3 ? room - 3 : 0;
    while (n > 0 && ((unsigned char)tok->p[n] & 0xC0) == 0x80)
        n--;
    return snprintf(buf, size, "'%.*s...'", (int)n, tok->p);
}
