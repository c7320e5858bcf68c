// fastfloat.cc - the Eisel-Lemire conversion of fast_float, for number.c.
//
// Built only with the CMake option WOLD_FAST_FLOAT (on when
// <fast_float/fast_float.h> is found; Debian: libfast-float-dev).  The
// header-only library rounds correctly (Lemire 2021, "Number parsing at a
// gigabyte per second"); number.c checks the grammar and does the short
// cases itself, and calls compute_float with the digits it already has,
// so the text is not read twice.
#include <cstddef>
#include <cstdint>
#include <system_error>

#include <fast_float/fast_float.h>

extern "C" int wold__ff_eisel_lemire(int64_t q, uint64_t w, int truncated,
                                     double *out);
extern "C" int wold__ff_from_chars(const char *s, size_t len, double *out);
extern "C" const uint64_t *wold__ff_power_table(void);

using binary = fast_float::binary_format<double>;

extern "C" int wold__ff_eisel_lemire(int64_t q, uint64_t w, int truncated,
                                     double *out)
{
    fast_float::adjusted_mantissa am = fast_float::compute_float<binary>(q, w);
    // Digits were dropped: the value lies in [w, w + 1) x 10^q, decided
    // only when both ends round to the same double (as fast_float does).
    if (truncated && am.power2 >= 0 &&
        am != fast_float::compute_float<binary>(q, w + 1))
        return 0;
    if (am.power2 < 0)
        return 0; // too close to a halfway point: needs all the digits
    fast_float::to_float(false, am, *out);
    return 1;
}

extern "C" int wold__ff_from_chars(const char *s, size_t len, double *out)
{
    if (len > 0 && s[0] == '+') // from_chars takes '-' only
        s++, len--;
    fast_float::from_chars_result r = fast_float::from_chars(s, s + len, *out);
    return r.ec == std::errc() && r.ptr == s + len;
}

extern "C" const uint64_t *wold__ff_power_table(void)
{
    static_assert(fast_float::powers::smallest_power_of_five == -342 &&
                      fast_float::powers::largest_power_of_five == 308,
                  "decimals.c indexes the table from 5^-342 to 5^308");
    return fast_float::powers::power_of_five_128;
}
