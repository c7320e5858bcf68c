/*
 * metrics_read.c - wold_metrics_read/parse: reads the survey file, finds
 * the metrics' columns, refuses cells outside what a metric accepts at
 * their file:line:col, lays out the groups and statistics and computes
 * them (metrics.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csi/metrics.h"
#include "data/data.h"
#include "util/util.h"

void wold_metrics_free(wold_metrics *m)
{
    if (m == NULL)
        return;
    for (size_t g = 0; m->groups != NULL && g < m->n_groups; g++)
        free(m->groups[g]);
    for (size_t k = 0; m->strings != NULL && k < m->n_stats; k++)
        free(m->strings[k]);
    free(m->groups);
    free(m->strings);
    free(m->stats);
    free(m->values);
    free(m->source);
    free(m->group_col);
    free(m->weights_col);
    free(m);
}

/* ---- the checks of the cells ------------------------------------------ */

static int in_scale(double x, double lo, double hi)
{
    return x >= lo && x <= hi;
}

/* Why cell x of metric mt's column c is refused, or NULL. */
static const char *refuse(const wold_metrics_spec *spec,
                          const wold__metric *mt, size_t c, const double *x,
                          char *buf, size_t size)
{
    double v = x[mt->col[c]];
    switch (mt->kind) {
    case WOLD_METRIC_NPS:
        if (!(in_scale(v, 0, 10) && v == floor(v)))
            return "an NPS answer must be a whole number from 0 to 10";
        return NULL;
    case WOLD_METRIC_CSAT:
    case WOLD_METRIC_CES:
    case WOLD_METRIC_SCORE: {
        double lo = mt->kind == WOLD_METRIC_CSAT  ? spec->csat_lo
                    : mt->kind == WOLD_METRIC_CES ? spec->ces_lo
                                                  : spec->score_lo;
        double hi = mt->kind == WOLD_METRIC_CSAT  ? spec->csat_hi
                    : mt->kind == WOLD_METRIC_CES ? spec->ces_hi
                                                  : spec->score_hi;
        if (in_scale(v, lo, hi))
            return NULL;
        wold__format_text(buf, size, "a %s answer must lie on its scale "
                          "%g to %g (set it with %s-scale MIN:MAX)",
                          mt->kind == WOLD_METRIC_CSAT  ? "CSAT"
                          : mt->kind == WOLD_METRIC_CES ? "CES"
                                                        : "score item",
                          lo, hi, mt->kind == WOLD_METRIC_CSAT  ? "--csat"
                                  : mt->kind == WOLD_METRIC_CES ? "--ces"
                                                                : "--score");
        return buf;
    }
    case WOLD_METRIC_RATIO: return NULL;
    default: break;
    }
    if (!(v >= 0))
        return "a count or amount cannot be negative";
    if (mt->kind == WOLD_METRIC_RETENTION && c == 1 &&
        !isnan(x[mt->col[0]]) && !isnan(x[mt->col[2]]) &&
        !in_scale(v - x[mt->col[2]], 0, x[mt->col[0]]))
        return "the customers kept (end - new) must lie between 0 and the "
               "customers at the start";
    if (mt->kind == WOLD_METRIC_REPEAT && c == 0 && !isnan(x[mt->col[1]]) &&
        v > x[mt->col[1]])
        return "repeat buyers cannot outnumber the buyers";
    return NULL;
}

int wold__metrics_check(const wold_metrics_spec *spec, const wold_data *data,
                        size_t *row, size_t *col, char *msg, size_t size)
{
    char buf[256];
    for (size_t r = 0; r < data->n; r++) {
        const double *x = data->x + r * data->p;
        for (size_t k = 0; k < spec->n; k++) {
            const wold__metric *mt = &spec->m[k];
            for (size_t c = 0; c < mt->n_cols; c++) {
                const char *why;
                if (isnan(x[mt->col[c]]) ||
                    (why = refuse(spec, mt, c, x, buf, sizeof buf)) == NULL)
                    continue;
                *row = r;
                *col = mt->col[c];
                wold__format_text(msg, size, "%s (column '%s' of %s)", why,
                                  data->names[*col], mt->arg);
                return 1;
            }
        }
    }
    return 0;
}

/* ---- locating a cell in the text -------------------------------------- */

/* Past the record starting at p (quotes may hold line ends). */
static const char *record_end(const char *p, const char *end)
{
    int quoted = 0;
    for (; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '\n' && !quoted)
            return p + 1;
    }
    return end;
}

/* The start of field f of the record at p. */
static const char *field_start(const char *p, const char *end, char sep,
                               size_t f)
{
    int quoted = 0;
    for (; f > 0 && p < end && (quoted || *p != '\n'); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == sep && !quoted)
            f--;
    }
    return p;
}

/* The header of the CSV text, with the separator the reader uses. */
static wold_status read_header(wold__csv_header *h, const char *text,
                               size_t len, const char *file, char *sep,
                               wold_error *err)
{
    const char *end = text + len, *start = text;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        start += 3;
    if (*sep == 0)
        *sep = wold__csv_detect_separator(start, end);
    memset(h, 0, sizeof *h);
    wold_status st = wold__csv_read_header(h, text, start, end, *sep, file,
                                           err);
    if (st != WOLD_OK)
        wold__csv_header_free(h);
    return st;
}

/* Raises msg at data row row, column name, of the CSV text. */
static wold_status raise_cell(const char *text, size_t len, const char *file,
                              char sep, size_t row, const char *name,
                              const char *msg, wold_error *err)
{
    const char *end = text + len;
    wold__csv_header h;
    WOLD_TRY(read_header(&h, text, len, file, &sep, err));
    size_t f = 0;
    while (f < h.n && strcmp(h.names[f], name) != 0)
        f++;
    const char *p = h.data, *next;
    for (size_t r = 0; p < end;) {
        if (wold__csv_blank_line(p, end, &next)) {
            p = next;
            continue;
        }
        if (r++ == row)
            break;
        p = record_end(p, end);
    }
    wold__csv_header_free(&h);
    const char *at = field_start(p, end, sep, f), *ls = at;
    while (ls > text && ls[-1] != '\n')
        ls--;
    return wold__csv_raise_at(err, file, (long)wold__csv_line_number(text, at),
                              f + 1, ls, wold__csv_line_length(ls, end), at,
                              msg);
}

/* 1 when name is a column some metric reads. */
static int metric_column(const wold_metrics_spec *spec, const char *name)
{
    for (size_t k = 0; k < spec->n; k++)
        for (size_t c = 0; c < spec->m[k].n_cols; c++)
            if (strcmp(spec->m[k].cols[c], name) == 0)
                return 1;
    return 0;
}

/* Every metric column must be in the header (else an error naming the
 * closest); the other columns, group first, are read as text labels so
 * that free-text columns do not stop the run. */
static wold_status plan_columns(const wold_metrics_spec *spec,
                                const wold__csv_header *h, const char *file,
                                const char *group, const char *weights,
                                const char ***labels, size_t *n_labels,
                                wold_error *err)
{
    for (size_t k = 0; k < spec->n; k++)
        for (size_t c = 0; c < spec->m[k].n_cols; c++) {
            const char *want = spec->m[k].cols[c], *best = NULL;
            size_t f = 0, dist = 3;
            for (; f < h->n && strcmp(h->names[f], want) != 0; f++) {
                size_t d = wold__edit_distance(h->names[f], want, 3);
                if (d < dist) {
                    dist = d;
                    best = h->names[f];
                }
            }
            if (f < h->n)
                continue;
            if (best != NULL)
                return wold__raise(err, WOLD_EINPUT, file, 1, 0, NULL, 0,
                                   "no column '%s' (%s); did you mean "
                                   "'%s'?", want, spec->m[k].arg, best);
            return wold__raise(err, WOLD_EINPUT, file, 1, 0, NULL, 0,
                               "no column '%s' (%s)", want, spec->m[k].arg);
        }
    *labels = malloc((h->n + 1) * sizeof **labels);
    if (*labels == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the metrics");
    *n_labels = 0;
    if (group != NULL)
        (*labels)[(*n_labels)++] = group;
    for (size_t f = 0; f < h->n; f++) {
        const char *nm = h->names[f];
        if (!metric_column(spec, nm) && (group == NULL || strcmp(nm, group)) &&
            (weights == NULL || strcmp(nm, weights)))
            (*labels)[(*n_labels)++] = nm;
    }
    return WOLD_OK;
}

/* ---- columns, layout -------------------------------------------------- */

/* The data columns of the metrics' columns (all numeric by now, unless
 * one is also the group or weight column). */
static wold_status find_columns(const wold_metrics_spec *spec,
                                const wold_data *data, const char *file,
                                wold_error *err)
{
    for (size_t k = 0; k < spec->n; k++) {
        wold__metric *mt = &spec->m[k];
        for (size_t c = 0; c < mt->n_cols; c++) {
            mt->col[c] = 0;
            while (mt->col[c] < data->p &&
                   strcmp(data->names[mt->col[c]], mt->cols[c]) != 0)
                mt->col[c]++;
            if (mt->col[c] == data->p)
                return wold__raise(err, WOLD_EINPUT, file, 1, 0, NULL, 0,
                                   "column '%s' (%s) is the group or weight "
                                   "column, not a metric's", mt->cols[c],
                                   mt->arg);
        }
    }
    return WOLD_OK;
}

static const char *stat_name(wold_metric_kind kind, size_t j)
{
    static const char *const nps[] = {"nps", "promoters", "passives",
                                      "detractors"};
    switch (kind) {
    case WOLD_METRIC_NPS: return nps[j];
    case WOLD_METRIC_CSAT: return "csat";
    case WOLD_METRIC_CES: return "ces";
    case WOLD_METRIC_SCORE: return "dimension";
    case WOLD_METRIC_RATIO: return "ratio";
    case WOLD_METRIC_RETENTION: return j == 0 ? "retention" : "churn";
    case WOLD_METRIC_REPEAT: return "repeat_rate";
    case WOLD_METRIC_CLV: return "clv";
    }
    return "?";
}

static int is_percent(wold_metric_kind kind)
{
    return kind == WOLD_METRIC_NPS || kind == WOLD_METRIC_CSAT ||
           kind == WOLD_METRIC_RETENTION || kind == WOLD_METRIC_REPEAT;
}

static int add_stat(wold_metrics *m, wold_metric_kind kind, const char *name,
                    const char *what)
{
    wold_metric_stat *st = &m->stats[m->n_stats];
    if ((m->strings[m->n_stats] = wold__strdup(what)) == NULL)
        return -1;
    st->kind = kind;
    st->name = name;
    st->what = m->strings[m->n_stats++];
    st->percent = is_percent(kind);
    return 0;
}

static wold_status layout_stats(wold_metrics *m, const wold_metrics_spec *spec)
{
    size_t n = 2, dims = 0;
    for (size_t k = 0; k < spec->n; k++)
        n += wold__metric_n_stats(&spec->m[k]);
    m->stats = calloc(n, sizeof *m->stats);
    m->strings = calloc(n, sizeof *m->strings);
    if (m->stats == NULL || m->strings == NULL)
        return WOLD_ENOMEM;
    for (size_t k = 0; k < spec->n; k++) {
        const wold__metric *mt = &spec->m[k];
        const char *what = mt->kind == WOLD_METRIC_SCORE ? mt->dim : mt->arg;
        dims += mt->kind == WOLD_METRIC_SCORE;
        for (size_t j = 0; j < wold__metric_n_stats(mt); j++)
            if (add_stat(m, mt->kind, stat_name(mt->kind, j), what) != 0)
                return WOLD_ENOMEM;
    }
    if (dims > 0 && add_stat(m, WOLD_METRIC_SCORE, "score", "S") != 0)
        return WOLD_ENOMEM;
    if (dims > 0 && !isnan(spec->standard) &&
        add_stat(m, WOLD_METRIC_SCORE, "standard", "S0") != 0)
        return WOLD_ENOMEM;
    return WOLD_OK;
}

static wold_status layout(wold_metrics *m, const wold_metrics_spec *spec,
                          const wold_data *data, const char *group,
                          const char *weights)
{
    size_t levels = group != NULL ? wold_data_label_n_levels(data, 0) : 0;
    m->n_groups = levels + 1;
    m->groups = calloc(m->n_groups, sizeof *m->groups);
    m->source = wold__strdup(wold_data_source(data));
    m->group_col = group ? wold__strdup(group) : NULL;
    m->weights_col = weights ? wold__strdup(weights) : NULL;
    if (m->groups == NULL || m->source == NULL || (group && !m->group_col) ||
        (weights && !m->weights_col) || (m->groups[0] = wold__strdup("all")) == NULL)
        return WOLD_ENOMEM;
    for (size_t g = 0; g < levels; g++)
        if ((m->groups[g + 1] =
                 wold__strdup(wold_data_label_level(data, 0, g))) == NULL)
            return WOLD_ENOMEM;
    WOLD_TRY(layout_stats(m, spec));
    m->values = calloc(m->n_groups * m->n_stats, sizeof *m->values);
    return m->values != NULL ? WOLD_OK : WOLD_ENOMEM;
}

static wold_status check_spec(const wold_metrics_spec *spec, wold_error *err)
{
    if (spec->n == 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "no metric asked for: give at "
                         "least one of --nps, --csat, --ces, --score, "
                         "--ratio, --retention, --repeat, --clv");
    for (size_t k = 0; k < spec->n; k++) {
        const wold__metric *mt = &spec->m[k];
        if (mt->kind == WOLD_METRIC_CSAT && !isnan(mt->cut) &&
            !(mt->cut > spec->csat_lo && mt->cut <= spec->csat_hi))
            return WOLD_FAIL(err, WOLD_EUSAGE, "--csat %s: the cut-off must "
                             "lie above %g and at most %g (the CSAT scale; "
                             "--csat-scale MIN:MAX sets it)", mt->arg,
                             spec->csat_lo, spec->csat_hi);
    }
    return WOLD_OK;
}

/* Everything after the data are read. */
static wold_status compute(wold_metrics **out, const char *text, size_t len,
                           const wold_metrics_spec *spec, const char *group,
                           const char *weights, const wold_data *data,
                           char sep, wold_error *err)
{
    const char *file = wold_data_source(data);
    WOLD_TRY(find_columns(spec, data, file, err));
    size_t row, col;
    char msg[512];
    if (wold__metrics_check(spec, data, &row, &col, msg, sizeof msg) &&
        text == NULL) /* a statistical file: no line to show */
        return wold__raise(err, WOLD_EINPUT, file, 0, 0, NULL, 0,
                           "row %zu, variable '%s': %s", row + 1,
                           data->names[col], msg);
    if (wold__metrics_check(spec, data, &row, &col, msg, sizeof msg))
        return raise_cell(text, len, file, sep, row, data->names[col], msg,
                          err);
    wold_metrics *m = calloc(1, sizeof *m);
    if (m == NULL || layout(m, spec, data, group, weights) != WOLD_OK) {
        wold_metrics_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the metrics");
    }
    m->level = spec->level;
    wold__metrics_compute(m, spec, data,
                          group ? wold_data_label_codes(data, 0) : NULL);
    *out = m;
    return WOLD_OK;
}

/* 1 when field f of the header is read as a free-text label. */
static int free_text(const wold__csv_header *h, size_t f,
                     const char *const *labels, size_t n_labels, size_t from)
{
    for (size_t k = from; k < n_labels; k++)
        if (labels[k] == h->names[f])
            return 1;
    return 0;
}

/*
 * A copy of the text in which an empty cell of a free-text column holds
 * "-": the reader wants a label in every cell of a label column, and a
 * survey's comment column is often empty.  Lines and field numbers stay
 * those of the file.  NULL when out of memory.
 */
static char *fill_free_text(const char *text, size_t len,
                            const wold__csv_header *h, char sep,
                            const char *const *labels, size_t n_labels,
                            size_t from, size_t *out_len)
{
    /* At most one '-' per field, and a record has at most one field per
     * byte plus one: twice the text is always enough. */
    size_t head = (size_t)(h->data - text), cap = 2 * len + 16;
    char *o = malloc(cap), *q = o;
    if (o == NULL)
        return NULL;
    memcpy(q, text, head);
    q += head;
    const char *p = h->data, *end = text + len;
    size_t f = 0;
    int quoted = 0, empty = 1;
    for (; p <= end; p++) {
        int stop = p == end || (!quoted && (*p == sep || *p == '\n' ||
                                            (*p == '\r' && p + 1 < end &&
                                             p[1] == '\n')));
        /* A line that is empty ends at its first field: a blank line,
         * which the reader skips, is left alone. */
        int blank = f == 0 && (p == end || *p != sep);
        if (stop && empty && !blank && f < h->n &&
            free_text(h, f, labels, n_labels, from)) {
            if ((size_t)(q - o) + 2 > cap) {
                free(o);
                return NULL;
            }
            *q++ = '-';
        }
        if (p == end)
            break;
        if (*p == '"')
            quoted = !quoted;
        if (stop) {
            f = *p == sep ? f + 1 : 0;
            empty = 1;
        } else {
            empty = 0;
        }
        if ((size_t)(q - o) + 2 > cap) {
            free(o);
            return NULL;
        }
        *q++ = *p;
    }
    *out_len = (size_t)(q - o);
    return o;
}

/* Reads the data with the plan's label columns, then computes. */
static wold_status parse_planned(wold_metrics **out, const char *text,
                                 size_t len, const char *filename,
                                 const wold__csv_header *h, char sep,
                                 const wold_metrics_spec *spec,
                                 const char *group, const char *weights,
                                 const wold_csv_options *csv,
                                 const char **labels, size_t n_labels,
                                 wold_error *err)
{
    wold_csv_options opt = *csv;
    opt.weights = weights;
    opt.labels = labels;
    opt.n_labels = n_labels;
    wold_data *data = NULL;
    size_t flen = 0;
    char *filled = fill_free_text(text, len, h, sep, labels, n_labels,
                                  group != NULL, &flen);
    if (filled == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the metrics");
    wold_status st = wold_data_parse_csv(&data, filled, flen, filename, NULL,
                                         &opt, err);
    free(filled);
    if (st == WOLD_OK)
        st = compute(out, text, len, spec, group, weights, data,
                     csv->separator, err);
    wold_data_free(data);
    return st;
}

wold_status wold_metrics_parse(wold_metrics **out, const char *text,
                               size_t len, const char *filename,
                               const wold_metrics_spec *spec,
                               const char *group, const char *weights,
                               const wold_csv_options *csv, wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_spec(spec, err));
    const char *file = wold__display_path(filename ? filename : "<data>");
    char sep = csv->separator;
    wold__csv_header h;
    WOLD_TRY(read_header(&h, text, len, file, &sep, err));
    const char **labels = NULL;
    size_t n_labels = 0;
    wold_status st = plan_columns(spec, &h, file, group, weights, &labels,
                                  &n_labels, err);
    if (st == WOLD_OK)
        st = parse_planned(out, text, len, filename, &h, sep, spec, group,
                           weights, csv, labels, n_labels, err);
    free(labels);
    wold__csv_header_free(&h);
    return st;
}

/* Every metric column among the numeric variables of a statistical
 * file (else an error naming the closest). */
static wold_status stat_columns(const wold_metrics_spec *spec,
                                const wold_data *data, const char *file,
                                wold_error *err)
{
    for (size_t k = 0; k < spec->n; k++)
        for (size_t c = 0; c < spec->m[k].n_cols; c++) {
            const char *want = spec->m[k].cols[c], *best = NULL;
            size_t f = 0, dist = 3;
            for (; f < data->p && strcmp(data->names[f], want) != 0; f++) {
                size_t d = wold__edit_distance(data->names[f], want, 3);
                if (d < dist) {
                    dist = d;
                    best = data->names[f];
                }
            }
            if (f < data->p)
                continue;
            if (best != NULL)
                return wold__raise(err, WOLD_EINPUT, file, 0, 0, NULL, 0,
                                   "no numeric variable '%s' (%s); did you "
                                   "mean '%s'?", want, spec->m[k].arg, best);
            return wold__raise(err, WOLD_EINPUT, file, 0, 0, NULL, 0,
                               "no numeric variable '%s' (%s)", want,
                               spec->m[k].arg);
        }
    return WOLD_OK;
}

/* An SPSS, Stata or SAS file (docs/statfiles.md): its numeric variables,
 * the group as its one label column (value labels name the groups). */
static wold_status read_stat(wold_metrics **out, const char *path,
                             const wold_metrics_spec *spec, const char *group,
                             const char *weights, const wold_csv_options *csv,
                             wold_error *err)
{
    wold_csv_options opt = *csv;
    opt.weights = weights;
    opt.labels = group != NULL ? &group : NULL;
    opt.n_labels = group != NULL;
    wold_data *data = NULL;
    wold_status st = wold_data_read_stat(&data, path, NULL, &opt, err);
    if (st == WOLD_OK)
        st = stat_columns(spec, data, path, err);
    if (st == WOLD_OK)
        st = compute(out, NULL, 0, spec, group, weights, data, 0, err);
    wold_data_free(data);
    return st;
}

wold_status wold_metrics_read(wold_metrics **out, const char *path,
                              const wold_metrics_spec *spec, const char *group,
                              const char *weights, const wold_csv_options *csv,
                              wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_spec(spec, err));
    if (path != NULL && wold_data_sniff(path) != WOLD_DATA_CSV)
        return read_stat(out, path, spec, group, weights, csv, err);
    /* As the CSV reader reads: mapped, or decompressed into memory. */
    wold__source src;
    WOLD_TRY(wold__source_open(&src, path, err));
    wold_status st = wold_metrics_parse(out, src.buf, src.len, path, spec,
                                        group, weights, csv, err);
    wold__source_close(&src);
    return st;
}

/* ---- accessors -------------------------------------------------------- */

size_t wold_metrics_n_groups(const wold_metrics *m) { return m->n_groups; }

const char *wold_metrics_group_name(const wold_metrics *m, size_t g)
{
    return g < m->n_groups ? m->groups[g] : NULL;
}

const char *wold_metrics_group_column(const wold_metrics *m)
{
    return m->group_col;
}

const char *wold_metrics_weights_column(const wold_metrics *m)
{
    return m->weights_col;
}

const char *wold_metrics_source(const wold_metrics *m) { return m->source; }
double wold_metrics_level(const wold_metrics *m) { return m->level; }
size_t wold_metrics_n_stats(const wold_metrics *m) { return m->n_stats; }

const wold_metric_stat *wold_metrics_stat(const wold_metrics *m, size_t k)
{
    return k < m->n_stats ? &m->stats[k] : NULL;
}

const wold_metric_value *wold_metrics_value(const wold_metrics *m, size_t g,
                                            size_t k)
{
    return g < m->n_groups && k < m->n_stats ? &m->values[g * m->n_stats + k]
                                             : NULL;
}
