/*
 * util.h - internal helpers shared by every module: raising errors, UTF-8
 * column counting, checked allocation.  Not part of the public API.
 */
#ifndef WOLD_UTIL_H
#define WOLD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <wold/wold.h>

#if defined(__GNUC__)
#define WOLD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WOLD_PRINTF(a, b)
#endif

/* A loop over doubles compiled twice, for AVX2 and for the x86-64
 * baseline (SSE2), the one the CPU has chosen when the library loads
 * (GNU ifunc).  Only for loops whose every lane does what the baseline's
 * does: no reductions across lanes and no FMA (AVX2 alone does not
 * enable it), so the bits are the same whichever copy runs. */
#if defined(__x86_64__) && defined(__linux__) &&                            \
    (defined(__clang__) ? __clang_major__ >= 14 : __GNUC__ >= 6)
#define WOLD_CLONES_AVX2 __attribute__((target_clones("avx2", "default")))
#else
#define WOLD_CLONES_AVX2
#endif

/*
 * Every error is raised through here (a single place for a breakpoint).
 * file may be NULL; line/col 0 mean unknown; source (the offending line of
 * text, not NUL-terminated, source_len bytes) may be NULL.  Returns status.
 */
wold_status wold__raise(wold_error *err, wold_status status, const char *file,
                        long line, long col, const char *source,
                        size_t source_len, const char *fmt, ...)
    WOLD_PRINTF(8, 9);

/*
 * vsnprintf/snprintf for message text: when the text is cut to fit size,
 * the cut falls between UTF-8 characters, never inside one.
 */
int wold__vformat_text(char *buf, size_t size, const char *fmt, va_list ap);
int wold__format_text(char *buf, size_t size, const char *fmt, ...)
    WOLD_PRINTF(3, 4);

/* Shorthand for errors without a location. */
#define WOLD_FAIL(err, status, ...) \
    wold__raise((err), (status), NULL, 0, 0, NULL, 0, __VA_ARGS__)

/* Forwards a non-OK status to the caller after running cleanup code. */
#define WOLD_TRY(expr)                  \
    do {                                \
        wold_status wold__s_ = (expr);  \
        if (wold__s_ != WOLD_OK)        \
            return wold__s_;            \
    } while (0)

/* wold_error_format with another word than "error" ("warning"). */
size_t wold__error_format_kind(const wold_error *err, const char *kind,
                               char *buf, size_t size);

/* Number of UTF-8 code points in the first len bytes of s. */
size_t wold__utf8_len(const char *s, size_t len);

/* Terminal columns of a UTF-8 string: 2 for East Asian wide characters
 * (so that tables and carets line up under CJK names), else 1. */
size_t wold__display_width(const char *s);
/* The same for the first len bytes. */
size_t wold__display_width_n(const char *s, size_t len);

/*
 * unicode.c: bytes of the Unicode white space character (category Zs:
 * U+00A0, U+3000 IDEOGRAPHIC SPACE, ...) at s, n bytes left; 0 if none.
 */
size_t wold__unicode_space(const char *s, size_t n);

/*
 * The ASCII character of the model syntax (= ~ < + * ; # , : ( )) that the
 * full-width form at s stands for (U+FF0B FULLWIDTH PLUS SIGN is '+', and
 * U+301C WAVE DASH '~'), with its bytes in *len and its name in *name;
 * 0 if s holds none.
 */
int wold__unicode_syntax_char(const char *s, size_t n, size_t *len,
                              const char **name);

/*
 * s with full-width forms (U+FF01-U+FF5E) as ASCII and white space and
 * invisible characters left out, into out (size bytes, NUL-terminated):
 * how a cell like "５" or "5　" was meant.  *fullwidth is 1 when a
 * full-width form was met, *space the name of the first space left out
 * (or NULL).  Returns the length, or (size_t)-1 when out is too small.
 */
size_t wold__unicode_to_ascii(const char *s, size_t len, char *out,
                              size_t size, int *fullwidth,
                              const char **space);

/* How two names that differ as bytes may still look the same. */
typedef struct wold__likeness {
    int normalisation;     /* they differ in composed/decomposed letters */
    int nfd_a, nfd_b;      /* a / b holds decomposed (NFD) letters */
    unsigned long lead_a, trail_a, lead_b, trail_b; /* a space (Zs) or an
                              invisible U+200B/U+2060/U+FEFF at an end */
    size_t n_lead_a, n_trail_a, n_lead_b, n_trail_b; /* how many */
} wold__likeness;

/*
 * 1 when a and b are different bytes that differ only in the composition
 * of Latin letters with combining marks (U+0300-U+036F; the precomposed
 * letters of Latin-1, Latin Extended-A/-B and Latin Extended Additional)
 * and in white space or invisible characters at their ends; *how says
 * which.  Else 0.  Names over 256 code points are never alike.
 */
int wold__name_likeness(const char *a, size_t alen, const char *b,
                        size_t blen, wold__likeness *how);

/*
 * "differs only in Unicode normalisation (NFD in the header, NFC in the
 * model): save both in the same form (NFC)", "differs only by a trailing
 * U+3000 IDEOGRAPHIC SPACE: remove it": how b differs from a, where
 * a_where and b_where name the two places ("the model", "the header").
 */
void wold__likeness_explain(char *buf, size_t size,
                            const wold__likeness *how, const char *a_where,
                            const char *b_where);

/* strtod and "%.*g" in the C locale, whatever the caller's LC_NUMERIC. */
double wold__strtod(const char *s, char **end);
int wold__format_c(char *buf, size_t size, int prec, double x);
/* "%.*f" in the C locale; a value that rounds to zero has no minus sign. */
int wold__format_fixed(char *buf, size_t size, int decimals, double x);

/* Levenshtein distance between a and b (bytes), capped at cap. */
size_t wold__edit_distance(const char *a, const char *b, size_t cap);

/*
 * Makes room for need elements of size bytes in the array *p of capacity
 * *cap (elements), doubling from at least 16: 1 on success, 0 when out of
 * memory or when the size would overflow (then *p and *cap are as they
 * were).  The growable arrays of every module go through here.
 */
int wold__grow(void **p, size_t *cap, size_t need, size_t size);

/* strdup that returns NULL on failure (C11 has no strdup). */
char *wold__strdup(const char *s);
char *wold__strndup(const char *s, size_t n);

/* How messages and accessors name a path: "<stdin>" for "-", else path. */
const char *wold__display_path(const char *path);

/*
 * Reads a whole file ("-" = stdin) into a malloc'd NUL-terminated buffer.
 * Errors: WOLD_EINPUT naming the file (standard input as "<stdin>") and
 * strerror, WOLD_ENOMEM.
 */
wold_status wold__read_file(const char *path, char **out, size_t *len,
                            wold_error *err);

/* blas.c: switches OpenBLAS to one thread and ends its idle pool, once
 * per process, so that results do not depend on OPENBLAS_NUM_THREADS
 * and wold's own threads have the cores (wold__moments_alloc, the sums'
 * runner and the simulate writer call it). */
void wold__blas_serial(void);

#endif
