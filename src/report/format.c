/* format.c - number and text formatting shared by the report writers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "report/report.h"
#include "util/util.h"

void wold_format_double(double x, char *buf)
{
    if (isnan(x)) {
        strcpy(buf, "NaN");
        return;
    }
    if (isinf(x)) {
        strcpy(buf, x > 0 ? "Inf" : "-Inf");
        return;
    }
    /* 15 significant digits always read back to the nearest double when
     * the value has at most 15; %g drops trailing zeros, so the first
     * precision that round-trips is the shortest form. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

static int wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t wold__display_width(const char *s)
{
    size_t w = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned long c = *u;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
        u++;
        for (int k = 0; k < extra && (*u & 0xC0) == 0x80; k++, u++)
            c = (c << 6) | (*u & 0x3F);
        w += wide(c) ? 2 : 1;
    }
    return w;
}

void wold__put_padded(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = wold__display_width(s); w < width; w++)
        fputc(' ', f);
}

void wold__reachable(const wold_model *md, unsigned char *reach)
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

const char *wold__scheme_name(wold_scheme scheme)
{
    switch (scheme) {
    case WOLD_SCHEME_PATH: return "path";
    case WOLD_SCHEME_CENTROID: return "centroid";
    case WOLD_SCHEME_FACTORIAL: return "factorial";
    }
    return "unknown";
}

const char *wold__missing_name(wold_missing missing)
{
    return missing == WOLD_MISSING_MEAN ? "mean" : "listwise";
}

wold_status wold_report_fit(char **out, const wold_fit *fit,
                            const wold_moments *mo, const wold_data *data,
                            wold_format format, wold_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = format == WOLD_FORMAT_JSON
                         ? wold__report_json(f, fit, mo, data, err)
                         : wold__report_text(f, fit, mo, data, err);
    if (fclose(f) != 0 && st == WOLD_OK)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    if (st != WOLD_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    return WOLD_OK;
}
