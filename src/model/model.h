/*
 * model.h - the parsed model, visible to the other modules of the library
 * (never to the CLI).  Parsed by lex.c and parse.c, laid out by build.c,
 * checked by validate.c; errors located with wold__model_raise (source.c).
 */
#ifndef WOLD_MODEL_H
#define WOLD_MODEL_H

#include <stddef.h>

#include <wold/wold.h>

#include "util/util.h"

/* Where a name stands in the model file (1-based; col in code points). */
typedef struct wold__loc {
    long line, col;
} wold__loc;

typedef struct wold__lv {
    char *name;       /* UTF-8, as written */
    wold_mode mode;
    size_t first;     /* first indicator in the model's mv array */
    size_t count;     /* indicators in the block */
    wold__loc loc;    /* the block's LV name on its "=~" / "<~" line */
} wold__lv;

typedef struct wold__mv {
    char *name;
    size_t lv;        /* the block it belongs to */
    double value;     /* premultiplier (population loading), NaN if none */
    wold__loc loc;
    /* Its scale [scale_lo, scale_hi]; scale_level says who gave it:
     * WOLD__SCALE_* below.  scale_line: the "scale" line (0 if none). */
    double scale_lo, scale_hi;
    int scale_level;
    long scale_line;
} wold__mv;

/* Who gave an indicator its scale; the more specific wins. */
enum {
    WOLD__SCALE_NONE = 0,
    WOLD__SCALE_DEFAULT = 1, /* wold_model_set_default_scale (--scale) */
    WOLD__SCALE_MODEL = 2,   /* "scale 0:10" */
    WOLD__SCALE_BLOCK = 3,   /* "scale 1:5 Quality" */
    WOLD__SCALE_MV = 4       /* "scale 1:7 q1 + q2" */
};

struct wold_model {
    char *filename;
    char *text;       /* a copy of the source, for error context lines */
    size_t text_len;
    size_t n_lv;
    wold__lv *lv;
    size_t n_mv;
    wold__mv *mv;
    /* n_lv x n_lv, [to * n_lv + from] */
    unsigned char *adj;
    double *path_value; /* premultiplier of the path, NaN if none */
    wold__loc *path_loc; /* the predecessor's name on its "~" line */
    size_t n_paths;
};

/*
 * Raises WOLD_EINPUT at loc in the model file, with the line of text under
 * it, so that every module reports model problems the same way.
 */
wold_status wold__model_raise(const wold_model *model, wold__loc loc,
                              wold_error *err, const char *fmt, ...)
    WOLD_PRINTF(4, 5);

/* reach (J x J, [to * J + from]) = 1 where a chain of paths leads from
 * 'from' to 'to': the LV pairs with a total effect (Warshall's closure). */
void wold__model_reach(const wold_model *model, unsigned char *reach);

#endif
