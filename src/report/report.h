/* report.h - shared pieces of the report writers. */
#ifndef WOLD_REPORT_H
#define WOLD_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <wold/wold.h>

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
