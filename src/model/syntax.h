/*
 * syntax.h - the model module's own internals: tokens, the lexer and the
 * builder that collects statements before the model's arrays are laid out.
 * Only src/model/ includes this file; other modules use model.h.
 */
#ifndef WOLD_MODEL_SYNTAX_H
#define WOLD_MODEL_SYNTAX_H

#include <stddef.h>

#include "model/model.h"

typedef enum wold__tok_kind {
    WOLD__TOK_NAME,
    WOLD__TOK_NUMBER,
    WOLD__TOK_OP,   /* "=~", "<~" or "~" (the lexer rejects the rest) */
    WOLD__TOK_PLUS,
    WOLD__TOK_STAR,
    WOLD__TOK_EOL,  /* end of a line; at a comment, the '#' */
    WOLD__TOK_SEMI,
    WOLD__TOK_COLON, /* a lone ':' (the range of a "scale" line) */
    WOLD__TOK_EOF
} wold__tok_kind;

typedef enum wold__op {
    WOLD__OP_REFLECTIVE, /* =~ */
    WOLD__OP_FORMATIVE,  /* <~ */
    WOLD__OP_REGRESS     /* ~  */
} wold__op;

/* A token points into the model's text copy; nothing is allocated. */
typedef struct wold__tok {
    wold__tok_kind kind;
    const char *p;
    size_t len;
    wold__loc loc;
    double number; /* WOLD__TOK_NUMBER */
    wold__op op;   /* WOLD__TOK_OP */
} wold__tok;

typedef struct wold__lexer {
    const wold_model *model; /* text, text_len, filename; for errors */
    wold_error *err;
    size_t pos;
    long line;
    size_t line_start;
} wold__lexer;

void wold__lex_init(wold__lexer *lx, const wold_model *model, wold_error *err);
/* The next token; WOLD_EINPUT for an unknown operator or character. */
wold_status wold__lex_next(wold__lexer *lx, wold__tok *tok);
/* How a token reads in a message: its text, or "end of line"/"end of input". */
int wold__tok_show(const wold__tok *tok, char *buf, size_t size);

/* A name as written, with where it stands. */
typedef struct wold__name {
    const char *p;
    size_t len;
    wold__loc loc;
} wold__name;

typedef struct wold__bblock {
    wold__name name; /* its first "=~"/"<~" line */
    wold_mode mode;
} wold__bblock;

typedef struct wold__bitem {
    wold__name name;
    size_t lv; /* index into the builder's blocks */
    double value;
} wold__bitem;

typedef struct wold__bedge {
    wold__name to, from;
    double value;
} wold__bedge;

/* One target of a "scale" line (has_target 0: the whole model). */
typedef struct wold__bscale {
    double lo, hi;
    wold__loc loc; /* the target's name, or "scale" for the whole model */
    long line;     /* the line of its "scale" keyword */
    wold__name target;
    int has_target;
} wold__bscale;

/* Statements in file order, before the model's arrays are laid out. */
typedef struct wold__builder {
    wold_model *model;
    wold_error *err;
    wold__bblock *block;
    size_t n_block, cap_block;
    wold__bitem *item;
    size_t n_item, cap_item;
    wold__bedge *edge;
    size_t n_edge, cap_edge;
    wold__bscale *scale;
    size_t n_scale, cap_scale;
} wold__builder;

void wold__builder_free(wold__builder *b);

/* parse.c: every statement of model->text into b. */
wold_status wold__parse_statements(wold__builder *b);
/* build.c: lays out b as model->lv, mv, adj (names resolved, paths checked). */
wold_status wold__build(wold__builder *b);
/* scale.c: the "scale" lines onto the laid-out indicators. */
wold_status wold__apply_scales(const wold__builder *b);
/* validate.c: the whole-model checks (no blocks, cycles, isolated LVs). */
wold_status wold__validate(const wold_model *model, wold_error *err);
/* source.c: WOLD_EINPUT at the first byte of text that is not UTF-8. */
wold_status wold__check_utf8(const wold_model *model, wold_error *err);

int wold__name_eq(const wold__name *a, const char *p, size_t len);

#endif
