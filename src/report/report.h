/* report.h - shared pieces of the report writers. */
#ifndef WOLD_REPORT_H
#define WOLD_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <wold/wold.h>

/*
 * The stream a report is written to (sink.c): a FILE whose bytes go to a
 * buffer that wold allocates, so that running out of memory is seen.
 */
typedef struct wold__sink {
    char *buf;
    size_t len, cap;
    int nomem; /* a write found no memory */
} wold__sink;

/* A stream writing into s, or NULL when out of memory. */
FILE *wold__sink_open(wold__sink *s);
/* Closes f and returns its text (NUL-terminated, free with free()), or
 * NULL when out of memory at any point. */
char *wold__sink_close(wold__sink *s, FILE *f);

/* Writes s left-aligned in a field of width columns. */
void wold__put_padded(FILE *f, const char *s, size_t width);

/* The effects worth listing: from != to and a chain of paths leads from
 * 'from' to 'to'.  reach is J x J, [to * J + from]. */
void wold__reachable(const wold_model *model, unsigned char *reach);

const char *wold__scheme_name(wold_scheme scheme);
const char *wold__missing_name(wold_missing missing);

wold_status wold__report_json(FILE *f, const wold_fit *fit,
                              const wold_moments *mo, const wold_data *data,
                              wold_error *err);
wold_status wold__report_text(FILE *f, const wold_fit *fit,
                              const wold_moments *mo, const wold_data *data,
                              wold_error *err);

#endif
