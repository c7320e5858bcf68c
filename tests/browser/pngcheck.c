/*
 * pngcheck.c - is a screenshot blank?  Decodes an 8-bit RGB or RGBA PNG
 * (what Chromium writes) with zlib and prints its size, the pixels that
 * are not white and the distinct colours (of a sample); exits 1 when the
 * image has fewer than min_nonwhite non-white pixels or fewer than 8
 * colours, 2 when it cannot be read.
 *
 *   pngcheck FILE.png [MIN_NONWHITE]
 *   pngcheck FILE.png --crop Y H OUT.png   rows Y..Y+H-1 as a new PNG (to
 *                                          look at a long page by parts)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

typedef struct image {
    uint32_t w, h;
    int channels;
    unsigned char *px; /* h rows of w * channels bytes, unfiltered */
} image;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 20, len = 0;
    unsigned char *b = malloc(cap);
    size_t got;
    while (b != NULL && (got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            unsigned char *nb = realloc(b, cap *= 2);
            if (nb == NULL)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    *n = len;
    return b;
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the PNG row filters in place of raw (h rows of 1 + stride). */
static int unfilter(image *im, const unsigned char *raw)
{
    size_t stride = (size_t)im->w * (size_t)im->channels;
    int bpp = im->channels;
    for (uint32_t y = 0; y < im->h; y++) {
        const unsigned char *in = raw + y * (stride + 1);
        unsigned char *out = im->px + y * stride;
        const unsigned char *up = y ? out - stride : NULL;
        for (size_t x = 0; x < stride; x++) {
            int a = x >= (size_t)bpp ? out[x - (size_t)bpp] : 0;
            int b = up ? up[x] : 0;
            int c = up && x >= (size_t)bpp ? up[x - (size_t)bpp] : 0;
            int v = in[1 + x];
            switch (in[0]) {
            case 0: break;
            case 1: v += a; break;
            case 2: v += b; break;
            case 3: v += (a + b) / 2; break;
            case 4: v += paeth(a, b, c); break;
            default: return -1;
            }
            out[x] = (unsigned char)v;
        }
    }
    return 0;
}

static int decode(const char *path, image *im)
{
    size_t n = 0, idat_len = 0;
    unsigned char *b = slurp(path, &n), *idat = NULL;
    if (b == NULL || n < 33 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0) {
        free(b);
        return -1;
    }
    idat = malloc(n);
    for (size_t at = 8; idat != NULL && at + 12 <= n;) {
        uint32_t len = be32(b + at);
        const unsigned char *type = b + at + 4, *data = b + at + 8;
        if (at + 12 + len > n)
            break;
        if (memcmp(type, "IHDR", 4) == 0) {
            im->w = be32(data);
            im->h = be32(data + 4);
            im->channels = data[9] == 6 ? 4 : data[9] == 2 ? 3 : 0;
            if (data[8] != 8 || data[12] != 0)
                im->channels = 0;
        } else if (memcmp(type, "IDAT", 4) == 0) {
            memcpy(idat + idat_len, data, len);
            idat_len += len;
        }
        at += 12 + len;
    }
    free(b);
    if (idat == NULL || im->channels == 0 || im->w == 0 || im->h == 0) {
        free(idat);
        return -1;
    }
    size_t stride = (size_t)im->w * (size_t)im->channels;
    uLongf raw_len = (uLongf)((stride + 1) * im->h);
    unsigned char *raw = malloc(raw_len);
    im->px = malloc(stride * im->h);
    int rc = raw != NULL && im->px != NULL &&
                     uncompress(raw, &raw_len, idat, (uLong)idat_len) == Z_OK &&
                     raw_len == (stride + 1) * im->h
                 ? unfilter(im, raw)
                 : -1;
    free(raw);
    free(idat);
    return rc;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void chunk(FILE *f, const char *type, const unsigned char *d,
                  uint32_t len)
{
    unsigned char h[8];
    put32(h, len);
    memcpy(h + 4, type, 4);
    fwrite(h, 1, 8, f);
    fwrite(d, 1, len, f);
    uLong crc = crc32(crc32(0, (const Bytef *)type, 4), d, len);
    put32(h, (uint32_t)crc);
    fwrite(h, 1, 4, f);
}

static int crop(const image *im, uint32_t y0, uint32_t h, const char *out)
{
    if (y0 >= im->h)
        return 2;
    if (h > im->h - y0)
        h = im->h - y0;
    size_t stride = (size_t)im->w * (size_t)im->channels;
    size_t raw_len = (stride + 1) * h;
    unsigned char *raw = malloc(raw_len);
    uLongf zlen = compressBound((uLong)raw_len);
    unsigned char *z = malloc(zlen);
    FILE *f = fopen(out, "wb");
    if (raw == NULL || z == NULL || f == NULL)
        return 2;
    for (uint32_t y = 0; y < h; y++) {
        raw[y * (stride + 1)] = 0;
        memcpy(raw + y * (stride + 1) + 1, im->px + (y0 + y) * stride, stride);
    }
    compress(z, &zlen, raw, (uLong)raw_len);
    unsigned char ihdr[13] = {0};
    put32(ihdr, im->w);
    put32(ihdr + 4, h);
    ihdr[8] = 8;
    ihdr[9] = im->channels == 4 ? 6 : 2;
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    chunk(f, "IHDR", ihdr, 13);
    chunk(f, "IDAT", z, (uint32_t)zlen);
    chunk(f, "IEND", (const unsigned char *)"", 0);
    int rc = fclose(f) == 0 ? 0 : 2;
    free(raw);
    free(z);
    return rc;
}

/* Non-white pixels, and distinct colours among the first 4096 seen. */
static int check(const image *im, unsigned long min_nonwhite)
{
    unsigned long nonwhite = 0;
    uint32_t seen[4096];
    size_t n_seen = 0;
    for (size_t k = 0; k < (size_t)im->w * im->h; k++) {
        const unsigned char *p = im->px + k * (size_t)im->channels;
        uint32_t c = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
        if (c != 0xffffff)
            nonwhite++;
        size_t s = 0;
        while (s < n_seen && seen[s] != c)
            s++;
        if (s == n_seen && n_seen < 4096)
            seen[n_seen++] = c;
    }
    printf("%ux%u nonwhite=%lu colours=%zu\n", im->w, im->h, nonwhite,
           n_seen);
    return nonwhite >= min_nonwhite && n_seen >= 8 ? 0 : 1;
}

int main(int argc, char **argv)
{
    image im = {0};
    if (argc < 2 || decode(argv[1], &im) != 0) {
        fprintf(stderr, "pngcheck: %s: not an 8-bit RGB(A) PNG\n",
                argc > 1 ? argv[1] : "(no file)");
        return 2;
    }
    int rc;
    if (argc == 6 && strcmp(argv[2], "--crop") == 0)
        rc = crop(&im, (uint32_t)strtoul(argv[3], NULL, 10),
                  (uint32_t)strtoul(argv[4], NULL, 10), argv[5]);
    else
        rc = check(&im, argc > 2 ? strtoul(argv[2], NULL, 10) : 1000);
    free(im.px);
    return rc;
}
