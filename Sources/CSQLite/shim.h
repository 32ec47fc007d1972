#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: these wrappers can be. */

/** Turns off SQLite's memory statistics, which take a global mutex on every allocation.
    Must run before the first connection is opened; returns SQLITE_MISUSE after that. */
static inline int tollbook_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
