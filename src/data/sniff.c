/*
 * sniff.c - which kind of data file a path holds, by its first bytes (the
 * name does not matter), and wold_data_read, which reads it as that kind.
 * Only regular files are looked at: reading the first bytes of standard
 * input or a pipe would take them from the CSV reader.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "data/data.h"
#include "util/util.h"

/* SAS7BDAT's 32-byte magic number (the header's first bytes). */
static const unsigned char sas7bdat_magic[32] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92,
    0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11};

static wold_data_kind kind_of(const unsigned char *b, size_t n)
{
    if (n >= 4 && memcmp(b, "$FL2", 4) == 0)
        return WOLD_DATA_SAV;
    if (n >= 4 && memcmp(b, "$FL3", 4) == 0)
        return WOLD_DATA_ZSAV;
    if (n >= 11 && memcmp(b, "<stata_dta>", 11) == 0)
        return WOLD_DATA_DTA;
    /* Stata 104-115 (.dta before Stata 13): the format version, the byte
     * order (1 high-low, 2 low-high), the file type 1 and a 0 byte. */
    if (n >= 4 && b[0] >= 104 && b[0] <= 115 && (b[1] == 1 || b[1] == 2) &&
        b[2] == 1 && b[3] == 0)
        return WOLD_DATA_DTA;
    if (n >= sizeof sas7bdat_magic &&
        memcmp(b, sas7bdat_magic, sizeof sas7bdat_magic) == 0)
        return WOLD_DATA_SAS7BDAT;
    return WOLD_DATA_CSV;
}

wold_data_kind wold_data_sniff(const char *path)
{
    struct stat st;
    if (path == NULL || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
        !S_ISREG(st.st_mode))
        return WOLD_DATA_CSV;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return WOLD_DATA_CSV;
    unsigned char b[32];
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    return kind_of(b, n);
}

const char *wold_data_kind_name(wold_data_kind kind)
{
    switch (kind) {
    case WOLD_DATA_CSV: return "CSV";
    case WOLD_DATA_SAV: return "SPSS .sav";
    case WOLD_DATA_ZSAV: return "SPSS .zsav";
    case WOLD_DATA_DTA: return "Stata .dta";
    case WOLD_DATA_SAS7BDAT: return "SAS .sas7bdat";
    }
    return "unknown";
}

wold_status wold_data_read(wold_data **out, const char *path,
                           const wold_model *model,
                           const wold_csv_options *opt, wold_error *err)
{
    if (path != NULL && wold_data_sniff(path) != WOLD_DATA_CSV)
        return wold_data_read_stat(out, path, model, opt, err);
    return wold_data_read_csv(out, path, model, opt, err);
}
