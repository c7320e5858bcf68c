/*
 * sumsfile.h - the moments file format inside the library
 * (docs/moments-format.md): constants shared by the writer (sumsfile.c)
 * and the reader (sumsread.c), and the checksum (crc32c.c).
 */
#ifndef WOLD_SUMSFILE_H
#define WOLD_SUMSFILE_H

#include <stddef.h>
#include <stdint.h>

/* Every version starts with the same 24-byte prelude: the magic, the
 * version (u32), the file's length in bytes (u64) and the CRC-32C of
 * those 20 bytes (u32); a reader of any version can say what a file is. */
#define WOLD__WM_MAGIC "\x89WOLD\r\n\x1a"
#define WOLD__WM_MAGIC_LEN 8
#define WOLD__WM_VERSION 1u
#define WOLD__WM_PRELUDE 24

/* Header flags (u32): bits not defined here must be 0. */
#define WOLD__WM_WEIGHTED 1u     /* the sums are of weighted rows */
#define WOLD__WM_WEIGHT_NAME 2u  /* a weight column's name follows */
#define WOLD__WM_GROUP_NAME 4u   /* a group column's name follows */
/* Piece flags. */
#define WOLD__WM_LABELS 1u       /* the piece's group labels follow */
/* Group flags. */
#define WOLD__WM_PAIRWISE 1u     /* the pairwise arrays follow */

/*
 * CRC-32C (Castagnoli) of len bytes, continuing crc (0 to start): the
 * pre- and post-inversion are inside, as zlib's crc32 does, so that
 * wold__crc32c(wold__crc32c(0, a, n), b, m) is the CRC of a then b.
 */
uint32_t wold__crc32c(uint32_t crc, const void *buf, size_t len);

#endif
