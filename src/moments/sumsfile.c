/*
 * sumsfile.c - moments files (docs/moments-format.md): wold_sums_pack
 * writes every field of a wold_sums (its pieces and their groups, the
 * part of the file they cover, names and labels) little-endian byte by
 * byte, whatever the host; wold_sums_save writes that atomically;
 * wold_sums_load reads a file through wold_sums_unpack (sumsread.c);
 * wold_sums_check_model compares the columns with a model's indicators
 * and their values with the indicators' scales.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "moments/sums.h"
#include "moments/sumsfile.h"
#include "util/util.h"

/* ---- writing bytes --------------------------------------------------------- */

/* The output: p NULL only counts the bytes (the first pass of pack). */
typedef struct wbuf {
    unsigned char *p;
    size_t n;
} wbuf;

static void put_u32(wbuf *b, uint32_t v)
{
    for (int k = 0; b->p != NULL && k < 4; k++)
        b->p[b->n + (size_t)k] = (unsigned char)(v >> (8 * k));
    b->n += 4;
}

static void put_u64(wbuf *b, uint64_t v)
{
    for (int k = 0; b->p != NULL && k < 8; k++)
        b->p[b->n + (size_t)k] = (unsigned char)(v >> (8 * k));
    b->n += 8;
}

/* IEEE-754 binary64 as its bit pattern: NaN payloads and -0 survive. */
static void put_f64s(wbuf *b, const double *x, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint64_t u;
        memcpy(&u, &x[k], sizeof u);
        put_u64(b, u);
    }
}

static void put_str(wbuf *b, const char *s)
{
    size_t len = strlen(s);
    put_u32(b, (uint32_t)len);
    if (b->p != NULL)
        memcpy(b->p + b->n, s, len);
    b->n += len;
}

/* ---- the sections ------------------------------------------------------------ */

/* Rows in every piece and group: a check of the pieces on loading. */
static uint64_t n_rows(const wold_sums *s)
{
    uint64_t n = 0;
    for (size_t k = 0; k < s->n_pieces; k++)
        for (size_t g = 0; g < s->pieces[k].n_groups; g++)
            n += s->pieces[k].g[g].n_rows;
    return n;
}

static void put_header(wbuf *b, const wold_sums *s)
{
    uint32_t flags = (s->weighted ? WOLD__WM_WEIGHTED : 0) |
                     (s->w_name != NULL ? WOLD__WM_WEIGHT_NAME : 0) |
                     (s->group_name != NULL ? WOLD__WM_GROUP_NAME : 0);
    put_u32(b, flags);
    put_u64(b, s->p);
    put_u64(b, s->first);
    put_u64(b, s->end);
    put_u64(b, s->n_chunks);
    put_u64(b, s->n_pieces);
    put_u64(b, n_rows(s));
    put_str(b, s->source != NULL ? s->source : "");
    if (s->w_name != NULL)
        put_str(b, s->w_name);
    if (s->group_name != NULL)
        put_str(b, s->group_name);
    for (size_t j = 0; j < s->p; j++)
        put_str(b, s->names[j]);
}

static void put_stats(wbuf *b, const wold__stats *g, size_t p)
{
    put_u64(b, g->n_rows);
    put_u64(b, g->n_missing);
    put_u64(b, g->n_incomplete);
    put_u64(b, g->nc);
    put_f64s(b, &g->wc, 1);
    put_f64s(b, &g->w2c, 1);
    put_f64s(b, g->mean, p);
    put_f64s(b, g->m2, p * p);
    put_f64s(b, g->cmin, p);
    put_f64s(b, g->cmax, p);
    put_u64(b, g->ni);
    put_f64s(b, &g->wi, 1);
    put_f64s(b, &g->w2i, 1);
    put_u32(b, g->pw != NULL ? WOLD__WM_PAIRWISE : 0);
    if (g->pw != NULL) {
        put_f64s(b, g->pw, p * p);
        put_f64s(b, g->pmean, p * p);
        put_f64s(b, g->pm2, p * p);
    }
    put_f64s(b, g->amin, p);
    put_f64s(b, g->amax, p);
}

static void put_piece(wbuf *b, const wold__piece *pc, size_t p)
{
    put_u32(b, pc->level);
    put_u64(b, pc->index);
    put_u64(b, pc->n_groups);
    put_u32(b, pc->labels != NULL ? WOLD__WM_LABELS : 0);
    for (size_t g = 0; pc->labels != NULL && g < pc->n_groups; g++)
        put_str(b, pc->labels[g]);
    for (size_t g = 0; g < pc->n_groups; g++)
        put_stats(b, &pc->g[g], p);
}

/* The whole file into b (or its length, when b->p is NULL). */
static void put_file(wbuf *b, const wold_sums *s, size_t total)
{
    size_t start = b->n;
    if (b->p != NULL)
        memcpy(b->p, WOLD__WM_MAGIC, WOLD__WM_MAGIC_LEN);
    b->n += WOLD__WM_MAGIC_LEN;
    put_u32(b, WOLD__WM_VERSION);
    put_u64(b, total);
    put_u32(b, b->p != NULL ? wold__crc32c(0, b->p + start, b->n - start)
                            : 0);
    put_header(b, s);
    for (size_t k = 0; k < s->n_pieces; k++)
        put_piece(b, &s->pieces[k], s->p);
    put_u32(b, b->p != NULL ? wold__crc32c(0, b->p + start, b->n - start)
                            : 0);
}

/* A string that a u32 length cannot hold (a name of 4 GiB). */
static const char *long_string(const wold_sums *s)
{
    const char *one[] = {s->source, s->w_name, s->group_name};
    for (size_t k = 0; k < 3; k++)
        if (one[k] != NULL && strlen(one[k]) > UINT32_MAX)
            return "a name";
    for (size_t j = 0; j < s->p; j++)
        if (strlen(s->names[j]) > UINT32_MAX)
            return "a column name";
    for (size_t k = 0; k < s->n_pieces; k++)
        for (size_t g = 0; s->pieces[k].labels != NULL &&
                           g < s->pieces[k].n_groups; g++)
            if (strlen(s->pieces[k].labels[g]) > UINT32_MAX)
                return "a group label";
    return NULL;
}

wold_status wold_sums_pack(const wold_sums *s, void **buf, size_t *len,
                           wold_error *err)
{
    *buf = NULL;
    *len = 0;
    const char *what = long_string(s);
    if (what != NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "cannot write the moments: %s "
                         "is longer than 4 GiB", what);
    wbuf count = {NULL, 0};
    put_file(&count, s, 0);
    wbuf b = {malloc(count.n), 0};
    if (b.p == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the moments "
                         "file (%zu bytes)", count.n);
    put_file(&b, s, count.n);
    *buf = b.p;
    *len = b.n;
    return WOLD_OK;
}

/* ---- saving ------------------------------------------------------------------ */

/* Creates "PATH.tmp-PID-K" exclusively (mode 0666 less the umask, or the
 * mode of the file it will replace) into tmp; the descriptor or -1. */
static int open_temp(const char *path, char *tmp, size_t size)
{
    struct stat st;
    int keep = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    for (int k = 0; k < 100; k++) {
        snprintf(tmp, size, "%s.tmp-%ld-%d", path, (long)getpid(), k);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            if (keep)
                fchmod(fd, st.st_mode & 07777);
            return fd;
        }
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes len bytes to a temporary file beside path and renames it over
 * path; on failure removes it and says why. */
static wold_status write_atomic(const char *path, const void *buf,
                                size_t len, wold_error *err)
{
    size_t size = strlen(path) + 32;
    char *tmp = malloc(size);
    if (tmp == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    int fd = open_temp(path, tmp, size), e = errno;
    if (fd < 0) {
        free(tmp);
        return wold__raise(err, WOLD_EIO, path, 0, 0, NULL, 0,
                           "cannot create a temporary file beside it: %s",
                           strerror(e));
    }
    int bad = write_all(fd, buf, len) != 0 || fsync(fd) != 0;
    e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad)
        unlink(tmp);
    free(tmp);
    if (bad)
        return wold__raise(err, WOLD_EIO, path, 0, 0, NULL, 0,
                           "cannot write: %s", strerror(e));
    return WOLD_OK;
}

wold_status wold_sums_save(const wold_sums *s, const char *path,
                           wold_error *err)
{
    void *buf;
    size_t len;
    WOLD_TRY(wold_sums_pack(s, &buf, &len, err));
    wold_status st = write_atomic(path, buf, len, err);
    free(buf);
    return st;
}

wold_status wold_sums_load(wold_sums **out, const char *path,
                           wold_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    WOLD_TRY(wold__read_file(path, &text, &len, err));
    wold_status st = wold_sums_unpack(out, text, len,
                                      wold__display_path(path), err);
    free(text);
    return st;
}

/* ---- the model's columns ------------------------------------------------------- */

/* "(a, b, c, ...)": the first names of a list, into buf. */
static void name_list(char *buf, size_t size, const char *(*name)(const void *,
                                                                 size_t),
                      const void *obj, size_t n)
{
    size_t used = (size_t)snprintf(buf, size, "(");
    for (size_t k = 0; k < n && used < size; k++) {
        if (k == 6) {
            used += (size_t)snprintf(buf + used, size - used, ", ...");
            break;
        }
        used += (size_t)wold__format_text(buf + used, size - used, "%s%s",
                                          k ? ", " : "", name(obj, k));
    }
    if (used < size)
        snprintf(buf + used, size - used, ")");
}

static const char *sums_name(const void *s, size_t k)
{
    return ((const wold_sums *)s)->names[k];
}

/* The model's k-th indicator that is not a higher-order block's repeat
 * (the k-th column of its sums: a repeat holds its original's cells, so
 * sums and moments files hold each column once). */
static size_t original(const wold_model *m, size_t k)
{
    for (size_t i = 0; i < wold_model_n_mv(m); i++)
        if (wold_model_mv_repeat_of(m, i) == i && k-- == 0)
            return i;
    return (size_t)-1;
}

/* The number of such indicators. */
static size_t n_originals(const wold_model *m)
{
    size_t q = 0;
    for (size_t i = 0; i < wold_model_n_mv(m); i++)
        q += wold_model_mv_repeat_of(m, i) == i;
    return q;
}

static const char *model_name(const void *m, size_t k)
{
    return wold_model_mv_name(m, original(m, k));
}

/* The range of column j's present values over every piece and group
 * (NaN when none). */
static void column_range(const wold_sums *s, size_t j, double *lo,
                         double *hi)
{
    *lo = *hi = NAN;
    for (size_t k = 0; k < s->n_pieces; k++)
        for (size_t g = 0; g < s->pieces[k].n_groups; g++) {
            const wold__stats *st = &s->pieces[k].g[g];
            *lo = fmin(*lo, st->amin[j]);
            *hi = fmax(*hi, st->amax[j]);
        }
}

/* Each column's values within its indicator's scale, as the data reader
 * checks the cells (src/data/scale.c). */
static wold_status check_scales(const wold_sums *s, const wold_model *model,
                                wold_error *err)
{
    for (size_t j = 0; j < s->p; j++) {
        double lo, hi, min, max;
        size_t mv = original(model, j);
        if (!wold_model_mv_scale(model, mv, &lo, &hi))
            continue;
        column_range(s, j, &min, &max);
        if (!(min < lo || max > hi))
            continue;
        char a[32], b[32], c[32], d[32], from[600];
        wold__format_c(a, sizeof a, 15, min);
        wold__format_c(b, sizeof b, 15, max);
        wold__format_c(c, sizeof c, 15, lo);
        wold__format_c(d, sizeof d, 15, hi);
        long line = wold_model_mv_scale_line(model, mv);
        if (line > 0)
            wold__format_text(from, sizeof from, "the scale on line %ld of "
                              "%s", line, wold_model_filename(model));
        else
            wold__format_text(from, sizeof from, "the default scale given "
                              "for the model, --scale");
        return wold__raise(err, WOLD_EINPUT, s->source, 0, 0, NULL, 0,
                           "column '%s' holds values from %s to %s, outside "
                           "the scale %s:%s of its indicator (%s)",
                           s->names[j], a, b, c, d, from);
    }
    return WOLD_OK;
}

wold_status wold_sums_check_model(const wold_sums *s,
                                  const wold_model *model, wold_error *err)
{
    size_t p = n_originals(model), k = 0;
    while (k < p && k < s->p && strcmp(s->names[k], model_name(model, k)) == 0)
        k++;
    if (k == p && k == s->p)
        return check_scales(s, model, err);
    char have[512], want[512], diff[256];
    name_list(have, sizeof have, sums_name, s, s->p);
    name_list(want, sizeof want, model_name, model, p);
    if (k < p && k < s->p)
        wold__format_text(diff, sizeof diff, "column %zu: '%s' vs '%s'",
                          k + 1, s->names[k], model_name(model, k));
    else
        wold__format_text(diff, sizeof diff, "the moments have %zu columns, "
                          "the model %zu indicators", s->p, p);
    return wold__raise(err, WOLD_EINPUT, s->source, 0, 0, NULL, 0,
                       "the moments file has columns %s but the "
                       "indicators of the model %s are %s; the first "
                       "difference is %s",
                       have, wold_model_filename(model), want, diff);
}
