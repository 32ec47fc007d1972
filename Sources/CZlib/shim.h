#include <zlib.h>

/* The journal (Sources/Journal) uses zlib's crc32 and crc32_combine only. */
