/*
 * csv.c - the tokenizer: fields, records, and the conversion of a range of
 * rows into the matrix.
 *
 * RFC 4180 with the usual liberties: LF or CRLF line ends, a missing final
 * newline, blank lines ignored.  The hot loop converts an unquoted number
 * cell while it looks for the separator; anything else goes through the
 * general field scanner and number.c.  Nothing here allocates per cell.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "data/decimal.h"

/*
 * The first of the bytes a or b in [q, end), or end: 16 bytes at a time
 * with SSE2 (the x86-64 baseline, so no dispatch), else 8 at a time in a
 * word (SWAR: a byte equal to c is a zero byte of the word xor c, found
 * by the classic haszero test, exact for the first one).
 */
#if defined(__SSE2__)
#include <emmintrin.h>
static inline const char *find2(const char *q, const char *end, char a,
                                char b)
{
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    while (end - q >= 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)q);
        int m = _mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(c, va), _mm_cmpeq_epi8(c, vb)));
        if (m != 0)
            return q + __builtin_ctz((unsigned)m);
        q += 16;
    }
    while (q < end && *q != a && *q != b)
        q++;
    return q;
}
#else
static inline uint64_t zero_bytes(uint64_t v)
{
    return (v - 0x0101010101010101u) & ~v & 0x8080808080808080u;
}

static inline const char *find2(const char *q, const char *end, char a,
                                char b)
{
    const uint64_t ones = 0x0101010101010101u;
    const uint64_t wa = ones * (unsigned char)a, wb = ones * (unsigned char)b;
    while (end - q >= 8) {
        uint64_t v;
        memcpy(&v, q, 8);
        uint64_t m = zero_bytes(v ^ wa) | zero_bytes(v ^ wb);
        if (m != 0)
            return q + (__builtin_ctzll(m) >> 3); /* little-endian */
        q += 8;
    }
    while (q < end && *q != a && *q != b)
        q++;
    return q;
}
#endif

/* A '\r' that ends a line: followed by '\n' or the end of the text. */
static int line_end_cr(const char *q, const char *end)
{
    return *q == '\r' && (q + 1 == end || q[1] == '\n');
}

int wold__csv_blank_line(const char *p, const char *end, const char **next)
{
    if (p < end && *p == '\n') {
        *next = p + 1;
        return 1;
    }
    if (p < end && line_end_cr(p, end)) {
        *next = p + 1 < end ? p + 2 : end;
        return 1;
    }
    return 0;
}

/* Sets f->next / f->last for the terminator at q (sep, newline or end). */
static int terminate(const char *q, const char *end, char sep,
                     wold__csv_field *f)
{
    if (q == end) {
        f->next = end;
        f->last = 1;
    } else if (*q == sep) {
        f->next = q + 1;
        f->last = 0;
    } else if (*q == '\n') {
        f->next = q + 1;
        f->last = 1;
    } else if (line_end_cr(q, end)) {
        f->next = q + 1 == end ? end : q + 2;
        f->last = 1;
    } else {
        return 0;
    }
    return 1;
}

static wold__fault_kind scan_quoted(const char *p, const char *end, char sep,
                                    wold__csv_field *f)
{
    const char *q = p + 1;
    for (;;) {
        while ((q = find2(q, end, '"', '\n')) < end && *q == '\n') {
            f->newlines++;
            f->line_start = ++q;
        }
        if (q == end) {
            f->text = p;
            f->len = (size_t)(end - p);
            return WOLD__FAULT_QUOTE;
        }
        if (q + 1 < end && q[1] == '"') {
            q += 2; /* a doubled quote inside the field */
            continue;
        }
        break;
    }
    f->text = p + 1;
    f->len = (size_t)(q - (p + 1));
    f->quoted = 1;
    if (!terminate(q + 1, end, sep, f)) {
        f->text = q + 1; /* one character, for the message to quote */
        size_t n = wold__utf8_char_len(q + 1, end);
        f->len = n > 0 ? n : 1;
        return WOLD__FAULT_AFTER_QUOTE;
    }
    return WOLD__FAULT_NONE;
}

wold__fault_kind wold__csv_scan_field(const char *p, const char *end,
                                      char sep, wold__csv_field *f)
{
    f->quoted = 0;
    f->newlines = 0;
    f->line_start = NULL;
    if (p < end && *p == '"')
        return scan_quoted(p, end, sep, f);
    const char *q = find2(p, end, sep, '\n');
    f->text = p;
    f->len = (size_t)(q - p);
    if (f->len > 0 && p[f->len - 1] == '\r' && (q == end || *q == '\n'))
        f->len--;
    terminate(q, end, sep, f);
    return WOLD__FAULT_NONE;
}

/* 1 when the '\n' at q ends a blank line ("" or "\r") of the text at p. */
static int ends_blank(const char *p, const char *q)
{
    if (q == p || q[-1] == '\n')
        return 1;
    return q[-1] == '\r' && (q - 1 == p || q[-2] == '\n');
}

/* Newlines and those of them that end blank lines in [q, stop), and any
 * quote, one byte at a time. */
static const char *count_bytes(const char *p, const char *q, const char *stop,
                               size_t *nl, size_t *blank, int *quote)
{
    for (; q < stop; q++) {
        if (*q == '\n') {
            (*nl)++;
            *blank += (size_t)ends_blank(p, q);
        }
        *quote |= *q == '"';
    }
    return q;
}

size_t wold__csv_count_rows_quote(const char *p, const char *end, int *quote)
{
    size_t nl = 0, blank = 0;
    *quote = 0;
    const char *q = p;
#if defined(__SSE2__)
    /* 16 bytes at a time: a newline ends a blank line when the byte
     * before it is '\n', or is '\r' after a '\n' (loads at q - 1 and
     * q - 2, so the first two bytes go one at a time). */
    q = count_bytes(p, q, end - p > 2 ? p + 2 : end, &nl, &blank, quote);
    const __m128i vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
    const __m128i vq = _mm_set1_epi8('"');
    int mq = 0;
    while (end - q >= 16) {
        const __m128i *at = (const __m128i *)(const void *)q;
        __m128i c = _mm_loadu_si128(at);
        unsigned mn = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(c, vn));
        mq |= _mm_movemask_epi8(_mm_cmpeq_epi8(c, vq));
        if (mn != 0) {
            __m128i c1 = _mm_loadu_si128(
                (const __m128i *)(const void *)(q - 1));
            __m128i c2 = _mm_loadu_si128(
                (const __m128i *)(const void *)(q - 2));
            unsigned n1 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(c1, vn));
            unsigned r1 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(c1, vr));
            unsigned n2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(c2, vn));
            nl += (size_t)__builtin_popcount(mn);
            blank += (size_t)__builtin_popcount(mn & (n1 | (r1 & n2)));
        }
        q += 16;
    }
    *quote |= mq != 0;
#endif
    count_bytes(p, q, end, &nl, &blank, quote);
    /* A last line without a newline is a row unless it is "\r". */
    size_t last = 0;
    if (end > p && end[-1] != '\n')
        last = !(end[-1] == '\r' && (end - 1 == p || end[-2] == '\n'));
    return nl - blank + last;
}

size_t wold__csv_count_rows(const char *p, const char *end)
{
    int quote;
    return wold__csv_count_rows_quote(p, end, &quote);
}

/*
 * The fast path: an unquoted number cell directly followed by the
 * separator or a line end, scanned and converted in one pass.  Returns
 * the terminator's address with *v set, or NULL to let the general path
 * look at the cell (blanks, quotes, NA, the end of the text, and every
 * fault, so that each keeps its message and position).
 */
static inline const char *fast_number(const char *p, const char *end,
                                      char sep, double *v)
{
    /* Likert cells of one or two digits: tested first, in plain
     * branches that predict well (the general scan costs half again).
     * The terminator is tested before the digit, so that a decimal
     * cell's random sign does not decide the first branch. */
    if (end - p >= 3) {
        unsigned d0 = (unsigned)(*p - '0'), d1 = (unsigned)(p[1] - '0');
        if ((p[1] == sep || p[1] == '\n') && d0 < 10u) {
            *v = (double)d0;
            return p + 1;
        }
        if ((p[2] == sep || p[2] == '\n') && d0 < 10u && d1 < 10u) {
            *v = (double)(d0 * 10 + d1);
            return p + 2;
        }
    }
    wold__decimal d;
    const char *q = wold__decimal_scan_inline(p, end, &d);
    if (q == NULL || q == end)
        return NULL;
    const char *t = q;
    if (*t == '\r' && t + 1 < end && t[1] == '\n')
        t++; /* CRLF: the record ends at the '\n' */
    else if (*t != sep && *t != '\n')
        return NULL;
#ifdef WOLD_FAST_FLOAT
    /* 16 to 19 significant digits (17-digit round-trip output):
     * Eisel-Lemire direct, even where Clinger's path would do (w <= 2^53,
     * most 16-digit cells).  Round-trip output mixes 16 and 17 digits at
     * random, and a branch on w > 2^53 is then mispredicted every other
     * cell: deciding by w >= 10^15 sends nearly all such cells one way.
     * 0, infinity and undecided cases go the long way, for their class. */
    if (d.w < 1000000000000000u && wold__decimal_clinger(&d, v))
        return t;
    if (!d.truncated && wold__ff_eisel_lemire(d.q, d.w, 0, v) && *v != 0 &&
        *v < INFINITY) {
        *v = wold__negate_if(*v, d.neg);
        return t;
    }
#else
    if (wold__decimal_clinger(&d, v))
        return t;
#endif
    return wold__decimal_value(d, p, (size_t)(q - p), v) == WOLD__NUM_OK
               ? t
               : NULL;
}

static void set_fault(wold__csv_job *job, wold__fault_kind kind, size_t line,
                      const char *line_start, size_t field, const char *text,
                      size_t text_len)
{
    wold__csv_fault *ft = &job->fault;
    ft->kind = kind;
    ft->line = line;
    ft->line_start = line_start;
    ft->field = field;
    ft->text = text;
    ft->text_len = text_len;
    ft->found = 0;
}

/* Makes room for one more row; 0 when x is full (grow == 0: job->full)
 * or out of memory (job->nomem). */
static int reserve_row(wold__csv_job *job)
{
    if (job->n < job->cap)
        return 1;
    if (!job->grow) {
        job->full = 1;
        return 0;
    }
    size_t p = job->lay->p ? job->lay->p : 1;
    size_t cap = job->cap ? job->cap * 2 : 1024;
    if (cap > SIZE_MAX / sizeof(double) / p) {
        job->nomem = 1;
        return 0;
    }
    double *x = realloc(job->x, cap * p * sizeof(double));
    if (x == NULL) {
        job->nomem = 1;
        return 0;
    }
    job->x = x;
    job->cap = cap;
    return 1;
}

/* Fields from p to the end of the record (the extra ones of a long row). */
static size_t count_rest(const char *p, const char *end, char sep)
{
    wold__csv_field f;
    size_t n = 0;
    do {
        if (wold__csv_scan_field(p, end, sep, &f) != WOLD__FAULT_NONE)
            return n + 1; /* an open quote runs to the end of the text */
        p = f.next;
        n++;
    } while (!f.last);
    return n;
}

/* Where the parse of one range stands. */
typedef struct cursor {
    const char *p;
    size_t line;            /* newlines passed since the range start */
    const char *line_start;
} cursor;

/*
 * The general path for one field: quotes, spaces, decimals, missing
 * cells.  d is the output column or -1.  Returns 0 after recording a fault
 * (or running out of memory), else 1 with f describing the field.
 */
static int general_cell(wold__csv_job *job, cursor *c, size_t field,
                        int32_t d, double *row, size_t *missing,
                        wold__csv_field *f)
{
    wold__fault_kind k = wold__csv_scan_field(c->p, job->end, job->lay->sep,
                                              f);
    if (k == WOLD__FAULT_AFTER_QUOTE && f->newlines > 0) {
        /* The stray text follows the closing quote, on the field's last
         * line: locate it there, not where the field began. */
        set_fault(job, k, c->line + f->newlines, f->line_start, field + 1,
                  f->text, f->len);
        return 0;
    }
    if (k != WOLD__FAULT_NONE) {
        set_fault(job, k, c->line, c->line_start, field + 1, f->text,
                  f->len);
        return 0;
    }
    if (d >= 0) {
        double v;
        wold__num r = wold__number_parse(f->text, f->len, &v);
        if (r == WOLD__NUM_MISSING) {
            v = NAN;
            (*missing)++;
        } else if (r == WOLD__NUM_NOMEM) {
            job->nomem = 1;
            return 0;
        } else if (r != WOLD__NUM_OK) {
            set_fault(job,
                      r == WOLD__NUM_BAD    ? WOLD__FAULT_NUMBER
                      : r == WOLD__NUM_TINY ? WOLD__FAULT_TINY
                                            : WOLD__FAULT_RANGE,
                      c->line, c->line_start, field + 1, f->text, f->len);
            return 0;
        }
        row[d] = v;
    }
    if (f->newlines > 0) {
        c->line += f->newlines;
        c->line_start = f->line_start;
    }
    return 1;
}

/* Converts the record at c->p into row.  Returns 0 on a fault. */
static int parse_record(wold__csv_job *job, cursor *c, double *row,
                        size_t *missing)
{
    const wold__csv_layout *lay = job->lay;
    const char sep = lay->sep, *end = job->end;
    wold__csv_field f;
    size_t field = 0;
    for (;;) {
        if (field == lay->n_fields) {
            set_fault(job, WOLD__FAULT_MANY, c->line, c->line_start,
                      field + 1, c->p, 0);
            job->fault.found = field + count_rest(c->p, end, sep);
            return 0;
        }
        int32_t d = lay->dest[field++];
        double v;
        const char *q = d >= 0 ? fast_number(c->p, end, sep, &v) : NULL;
        if (q != NULL) {
            row[d] = v;
            c->p = q + 1;
            if (*q == sep)
                continue;
            break;
        }
        if (!general_cell(job, c, field - 1, d, row, missing, &f))
            return 0;
        c->p = f.next;
        if (f.last)
            break;
    }
    if (field < lay->n_fields) {
        set_fault(job, WOLD__FAULT_FEW, c->line, c->line_start, field + 1,
                  NULL, 0);
        job->fault.found = field;
        return 0;
    }
    return 1;
}

int wold__csv_identity(const wold__csv_layout *lay)
{
    if (lay->n_fields != lay->p)
        return 0;
    for (size_t f = 0; f < lay->n_fields; f++)
        if (lay->dest[f] != (int32_t)f)
            return 0;
    return 1;
}

/* A vector record path stays on while it has taken one of the first 16
 * records of the call it was asked: a decimal panel stops asking the
 * Likert path, an integer panel the decimal one, and a quoted text both. */
typedef struct vector_try {
    wold__vrec path; /* path.kind NONE once given up */
    unsigned declined;
    int taken;
} vector_try;

static void tried(vector_try *t, size_t len)
{
    if (len > 0)
        t->taken = 1;
    else if (!t->taken && ++t->declined == 16)
        t->path.kind = WOLD__SIMD_NONE;
}

/* A record in one vector step where one takes it and there is room:
 * its length with the '\n', else 0. */
static size_t vector_record(wold__csv_job *job, const char *s,
                            vector_try *lk, vector_try *dec)
{
    if (job->n == job->cap)
        return 0;
    double *row = job->x + job->n * job->lay->p;
    size_t len = 0;
    if (lk->path.kind != WOLD__SIMD_NONE) {
        len = wold__csv_likert_row(&lk->path, s, job->end, job->lay, row);
        tried(lk, len);
    }
    if (len == 0 && dec->path.kind != WOLD__SIMD_NONE) {
        len = wold__csv_decimals_row(&dec->path, s, job->end, job->lay, row);
        tried(dec, len);
    }
    return len;
}

void wold__csv_parse_rows(wold__csv_job *job)
{
    cursor c = {job->start, 0, job->start};
    size_t p = job->lay->p;
    vector_try lk = {wold__csv_likert_setup(job->lay), 0, 0};
    vector_try dec = {wold__csv_decimals_setup(job->lay), 0, 0};
    job->full = 0;
    while (c.p < job->end) {
        const char *next;
        job->stop = c.p;
        size_t len = lk.path.kind != WOLD__SIMD_NONE ||
                             dec.path.kind != WOLD__SIMD_NONE
                         ? vector_record(job, c.p, &lk, &dec)
                         : 0;
        if (len > 0) {
            job->n++;
            c.p += len;
            c.line++;
            c.line_start = c.p;
            continue;
        }
        if (!wold__csv_blank_line(c.p, job->end, &next)) {
            if (!reserve_row(job))
                return;
            size_t missing = 0;
            if (!parse_record(job, &c, job->x + job->n * p, &missing))
                return;
            job->n++;
            job->n_missing += missing;
            job->n_incomplete += missing > 0;
            next = c.p;
        }
        /* Past the record's line end (or at the end of the text). */
        c.p = next;
        c.line++;
        c.line_start = next;
    }
    job->stop = job->end;
}

size_t wold__csv_line_number(const char *buf, const char *pos)
{
    size_t n = 1;
    const char *p = buf;
    while (p < pos) {
        const char *nl = memchr(p, '\n', (size_t)(pos - p));
        if (nl == NULL)
            break;
        n++;
        p = nl + 1;
    }
    return n;
}

size_t wold__csv_line_length(const char *line_start, const char *end)
{
    const char *nl = memchr(line_start, '\n', (size_t)(end - line_start));
    size_t len = (size_t)((nl != NULL ? nl : end) - line_start);
    if (len > 0 && line_start[len - 1] == '\r')
        len--;
    return len;
}
