/* hello.c - the smallest program against an installed libwold
 * (tests/install/install.sh): parse a model, wrap data in memory, fit,
 * print the path coefficient. */
#include <stdio.h>
#include <string.h>

#include <wold/wold.h>

#define N 200

/* A fixed pseudo-random sequence (a 64-bit LCG), uniform on (-1, 1). */
static double next(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 4503599627370496.0 - 1.0;
}

int main(void)
{
    static const char text[] = "Q =~ q1 + q2 + q3\n"
                               "S =~ s1 + s2 + s3\n"
                               "S ~ Q\n";
    static const char *const names[] = {"q1", "q2", "q3", "s1", "s2", "s3"};
    static double x[N * 6];
    unsigned long long seed = 1;
    for (int i = 0; i < N; i++) {
        double q = next(&seed), s = 0.6 * q + 0.8 * next(&seed);
        for (int j = 0; j < 3; j++) {
            x[i * 6 + j] = q + 0.5 * next(&seed);
            x[i * 6 + 3 + j] = s + 0.5 * next(&seed);
        }
    }
    wold_error err;
    wold_model *model = NULL;
    wold_data *data = NULL;
    wold_moments *moments = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    int rc = 1;
    if (wold_model_parse(&model, text, strlen(text), "hello", &err) ||
        wold_data_from_matrix(&data, x, N, 6, names, &err) ||
        wold_moments_compute(&moments, data, WOLD_MISSING_LISTWISE, &err) ||
        wold_fit_estimate(&fit, model, moments, &opt, &err)) {
        fprintf(stderr, "hello: %s\n", err.message);
        goto done;
    }
    /* paths[to * n_lv + from]: S (1) from Q (0). */
    printf("wold %s: S ~ Q %.4f\n", wold_version(),
           wold_fit_paths(fit)[1 * wold_model_n_lv(model) + 0]);
    rc = 0;
done:
    wold_fit_free(fit);
    wold_moments_free(moments);
    wold_data_free(data);
    wold_model_free(model);
    return rc;
}
