/*
 * model.c - the public face of the model: parse, read, free, accessors.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

void wold_model_free(wold_model *model)
{
    if (model == NULL)
        return;
    for (size_t j = 0; j < model->n_lv; j++)
        free(model->lv[j].name);
    for (size_t i = 0; i < model->n_mv; i++)
        free(model->mv[i].name);
    free(model->lv);
    free(model->mv);
    free(model->adj);
    free(model->path_value);
    free(model->path_loc);
    free(model->text);
    free(model->filename);
    free(model);
}

/* A model holding only its file name and text, for errors while parsing. */
static wold_status new_model(wold_model **out, const char *text, size_t len,
                             const char *filename, wold_error *err)
{
    /* A UTF-8 byte order mark is not part of the first line. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    wold_model *m = calloc(1, sizeof *m);
    if (m != NULL) {
        m->filename = wold__strdup(
            filename != NULL ? wold__display_path(filename) : "<model>");
        m->text = wold__strndup(text, len);
        m->text_len = len;
    }
    if (m == NULL || m->filename == NULL || m->text == NULL) {
        wold_model_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading the model");
    }
    *out = m;
    return WOLD_OK;
}

static wold_status parse_into(wold_model *m, wold_error *err)
{
    WOLD_TRY(wold__check_utf8(m, err));
    wold__builder b;
    memset(&b, 0, sizeof b);
    b.model = m;
    b.err = err;
    wold_status st = wold__parse_statements(&b);
    if (st == WOLD_OK)
        st = wold__build(&b);
    wold__builder_free(&b);
    if (st == WOLD_OK)
        st = wold__validate(m, err);
    return st;
}

wold_status wold_model_parse(wold_model **out, const char *text, size_t len,
                             const char *filename, wold_error *err)
{
    wold_model *m = NULL;
    *out = NULL;
    WOLD_TRY(new_model(&m, text, len, filename, err));
    wold_status st = parse_into(m, err);
    if (st != WOLD_OK) {
        wold_model_free(m);
        return st;
    }
    *out = m;
    return WOLD_OK;
}

wold_status wold_model_read(wold_model **out, const char *path,
                            wold_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    WOLD_TRY(wold__read_file(path, &text, &len, err));
    wold_status st = wold_model_parse(out, text, len, path, err);
    free(text);
    return st;
}

const char *wold_model_filename(const wold_model *model)
{
    return model->filename;
}

size_t wold_model_n_lv(const wold_model *model) { return model->n_lv; }

const char *wold_model_lv_name(const wold_model *model, size_t lv)
{
    assert(lv < model->n_lv);
    return model->lv[lv].name;
}

wold_mode wold_model_lv_mode(const wold_model *model, size_t lv)
{
    assert(lv < model->n_lv);
    return model->lv[lv].mode;
}

size_t wold_model_lv_first(const wold_model *model, size_t lv)
{
    assert(lv < model->n_lv);
    return model->lv[lv].first;
}

size_t wold_model_lv_count(const wold_model *model, size_t lv)
{
    assert(lv < model->n_lv);
    return model->lv[lv].count;
}

size_t wold_model_n_mv(const wold_model *model) { return model->n_mv; }

const char *wold_model_mv_name(const wold_model *model, size_t mv)
{
    assert(mv < model->n_mv);
    return model->mv[mv].name;
}

size_t wold_model_mv_lv(const wold_model *model, size_t mv)
{
    assert(mv < model->n_mv);
    return model->mv[mv].lv;
}

int wold_model_has_path(const wold_model *model, size_t from, size_t to)
{
    assert(from < model->n_lv && to < model->n_lv);
    return model->adj[to * model->n_lv + from] != 0;
}

size_t wold_model_n_paths(const wold_model *model) { return model->n_paths; }

double wold_model_path_value(const wold_model *model, size_t from, size_t to)
{
    assert(from < model->n_lv && to < model->n_lv);
    return model->path_value[to * model->n_lv + from];
}

double wold_model_mv_value(const wold_model *model, size_t mv)
{
    assert(mv < model->n_mv);
    return model->mv[mv].value;
}

wold_status wold_model_error_at_mv(const wold_model *model, size_t mv,
                                   wold_error *err, const char *message)
{
    assert(mv < model->n_mv);
    return wold__model_raise(model, model->mv[mv].loc, err, "%s", message);
}

void wold__model_reach(const wold_model *md, unsigned char *reach)
{
    size_t J = md->n_lv;
    memcpy(reach, md->adj, J * J);
    /* Warshall's transitive closure: k is an intermediate LV. */
    for (size_t k = 0; k < J; k++)
        for (size_t to = 0; to < J; to++)
            if (reach[to * J + k])
                for (size_t from = 0; from < J; from++)
                    if (reach[k * J + from])
                        reach[to * J + from] = 1;
}

int wold_model_mv_scale(const wold_model *model, size_t mv, double *lo,
                        double *hi)
{
    assert(mv < model->n_mv);
    const wold__mv *m = &model->mv[mv];
    if (m->scale_level == WOLD__SCALE_NONE)
        return 0;
    *lo = m->scale_lo;
    *hi = m->scale_hi;
    return 1;
}

long wold_model_mv_scale_line(const wold_model *model, size_t mv)
{
    assert(mv < model->n_mv);
    return model->mv[mv].scale_line;
}

wold_status wold_model_set_default_scale(wold_model *model, double lo,
                                         double hi, wold_error *err)
{
    if (!isfinite(lo) || !isfinite(hi) || !(lo < hi))
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "bad scale %g:%g: expected two finite numbers "
                         "MIN:MAX with MIN below MAX",
                         lo, hi);
    for (size_t i = 0; i < model->n_mv; i++) {
        wold__mv *m = &model->mv[i];
        if (m->scale_level > WOLD__SCALE_DEFAULT)
            continue;
        m->scale_lo = lo;
        m->scale_hi = hi;
        m->scale_level = WOLD__SCALE_DEFAULT;
        m->scale_line = 0;
    }
    return WOLD_OK;
}
