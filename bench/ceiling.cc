// ceiling.cc - the state of the art's rate on this machine: fast_float's
// from_chars (Lemire 2021, the correctly rounded parser the issue names)
// over every cell of a CSV file, one thread, nothing else done: no
// grammar beyond its own, no columns, no quotes, no moments.  It was
// first meant as a reader's ceiling per core; wold's own scan, which
// feeds fast_float's Eisel-Lemire core without branching on each cell's
// sign and length, now reads a 17-digit file faster than this loop
// converts it (bench/README.md, "A third CPU").  Built into
// wold_bench_reader when WOLD_FAST_FLOAT is on.
#include <cstddef>
#include <cstring>
#include <ctime>
#include <system_error>

#include <fast_float/fast_float.h>

static double now()
{
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// The best of runs passes over buf[0, len) past its first line: each cell
// that from_chars takes whole is converted; *cells counts them.
extern "C" double wold_bench_fast_float(const char *buf, size_t len, int runs,
                                        size_t *cells, double *checksum)
{
    const char *end = buf + len;
    const char *first = static_cast<const char *>(std::memchr(buf, '\n', len));
    first = first != nullptr ? first + 1 : end;
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
        size_t n = 0;
        double sum = 0;
        double t0 = now();
        for (const char *p = first; p < end;) {
            double v;
            fast_float::from_chars_result res = fast_float::from_chars(p, end, v);
            if (res.ec == std::errc()) {
                n++;
                sum += v;
                p = res.ptr;
            }
            while (p < end && *p != ',' && *p != ';' && *p != '\t' &&
                   *p != '\n')
                p++; // a cell from_chars did not take (a quoted one, say)
            p++;
        }
        double t = now() - t0;
        if (t < best)
            best = t;
        *cells = n;
        *checksum = sum;
    }
    return best;
}
