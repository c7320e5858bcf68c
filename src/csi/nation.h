/*
 * nation.h - the batch national index inside the library (src/csi): the
 * revenue and sector-weight tables, the nesting of companies in
 * industries and sectors, the per-company fits and the aggregation
 * (docs/methods.md, section 16).  Internal to src/csi and its tests.
 */
#ifndef WOLD_CSI_NATION_H
#define WOLD_CSI_NATION_H

#include <stddef.h>

#include <wold/wold.h>

/* One row of a revenue or sector-weight file. */
typedef struct wold__table_row {
    char *name;
    double value;
    long line;       /* 1-based line of the row in the file */
    long name_col;   /* 1-based field numbers of the name and the value */
    long value_col;
    int matched;     /* set while checking against the data */
} wold__table_row;

struct wold_nation_table {
    wold_nation_table_kind kind;
    char *file;      /* as messages show it */
    char *text;      /* the file, to quote its lines in messages */
    size_t len;
    wold__table_row *rows;
    size_t n;
    double sum;      /* of the values as written */
    char sep;        /* the separator the header used */
};

/* Raises an input error at row k of t (its value field when at_value). */
wold_status wold__table_error(const wold_nation_table *t, size_t k,
                              int at_value, wold_error *err,
                              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* The row named name, or NULL. */
wold__table_row *wold__table_find(const wold_nation_table *t,
                                  const char *name);

/*
 * The units of a wave: companies nested in industries, industries in
 * sectors (one implicit industry or sector when the data have no such
 * column), the rows of each company, and the weights the aggregation uses.
 */
typedef struct wold__layout {
    size_t n_comp, n_ind, n_sec;
    char **comp_name, **ind_name, **sec_name;
    size_t *comp_ind;   /* n_comp: industry of each company */
    size_t *ind_sec;    /* n_ind: sector of each industry */
    size_t *row_start;  /* n_comp + 1: company k's rows are */
    size_t *rows;       /* rows[row_start[k] .. row_start[k + 1]) */
    double *comp_w;     /* n_comp: revenue, or 1 without a revenue file */
    double *ind_w;      /* n_ind: the sum of its companies' */
    double *sec_w;      /* n_sec: sector weight (normalised to sum 1), or
                           the sum of its industries' revenue */
    int by_revenue;     /* companies weighted by revenue (else equally) */
    int sector_weights; /* sectors weighted by the weight file */
} wold__layout;

/*
 * Builds the layout of data under opt (its group, industry and sector
 * label columns, revenue and sector weights).  Errors: those listed for
 * wold_nation_run's layout (WOLD_EUSAGE, WOLD_EINPUT, WOLD_ENOMEM); lay
 * is then cleared.
 */
wold_status wold__layout_build(wold__layout *lay, const wold_data *data,
                               const wold_nation_options *opt,
                               wold_error *err);
void wold__layout_clear(wold__layout *lay);

/*
 * The aggregates of one construct (docs/methods.md, section 16): x and se
 * hold each company's index and bootstrap s.e. (NaN: left out); ind and
 * sec receive the revenue-weighted means of the industries and sectors,
 * nat the national index, with their s.e. (NaN without company s.e.) and
 * the number of members that entered each mean (companies, industries,
 * sectors).  A unit none of whose members has an index gets NaN.
 */
typedef struct wold__agg {
    double *ind, *ind_se, *sec, *sec_se, nat, nat_se;
    size_t *ind_used, *sec_used, nat_used;
} wold__agg;

void wold__aggregate(const wold__layout *lay, const double *x,
                     const double *se, wold__agg *out);

/* What one company's fit left (nation.c), written by its worker. */
typedef struct wold__company {
    size_t n;                 /* usable rows */
    wold_nation_status status;
    char *note;
    int iterations;
    wold_status fatal;        /* ENOMEM (or a usage error): stops the run */
    wold_error fatal_err;
} wold__company;

struct wold_nation {
    const wold_model *model;
    wold_nation_options opt;  /* column names copied below */
    char *group, *industry, *sector;
    char *source;             /* the data file */
    char *weights;            /* the data's weight column, or NULL */
    size_t rows;              /* data rows */
    size_t J;
    wold__layout lay;
    wold__company *comp;
    size_t n_left_out;
    size_t n_units[4];
    wold_nation_unit *units[4];
    double *dbl[4];           /* per level: index, se, lo, hi (n x J each) */
    size_t *used[4];          /* n x J */
    char **notes[4];          /* n x J index notes (companies only) */
    size_t n_parts, joined;   /* a run in parts: parts 0 .. joined - 1 are
                                 in; joined == n_parts when complete */
};

/* The companies [*c0, *c1) of part k of nt's run. */
void wold__nation_share(const wold_nation *nt, size_t k, size_t *c0,
                        size_t *c1);
/* The units' names, sizes and weights, and the aggregates: the last step
 * of a run, once every company is in.  Errors: WOLD_ENOMEM. */
wold_status wold__nation_finish(wold_nation *nt, wold_error *err);

#endif
