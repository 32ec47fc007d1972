/*
 * The pipe test plugin (pipe_plugin.c) with traces of every place its code runs: an ELF
 * constructor and the entry function each append a line to the file named by the environment
 * variable TB_TEST_MARKER, saying what ran and in which process:
 *     constructor pid=1234 command=import
 *     entry pid=1234 command=__describe-plugin
 * `command` is the tollbook subcommand of the process (its argv[1]). The trust tests place it in
 * every plugin search location and assert that no line ever names a host command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#define tollbook_plugin_entry marker_inner_entry
#include "pipe_plugin.c"
#undef tollbook_plugin_entry

/* argv[1] of this process, from /proc/self/cmdline. */
static void command_of_process(char *out, size_t size) {
    out[0] = 0;
    int fd = open("/proc/self/cmdline", O_RDONLY);
    if (fd < 0) return;
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n <= 0) return;
    buffer[n] = 0;
    size_t first = strlen(buffer);
    if ((ssize_t)first + 1 >= n) return;
    snprintf(out, size, "%s", buffer + first + 1);
}

static void leave_mark(const char *what) {
    const char *path = getenv("TB_TEST_MARKER");
    if (path == NULL) return;
    FILE *file = fopen(path, "a");
    if (file == NULL) return;
    char command[256];
    command_of_process(command, sizeof command);
    fprintf(file, "%s pid=%d command=%s\n", what, (int)getpid(), command);
    fclose(file);
}

__attribute__((constructor)) static void marker_on_load(void) {
    leave_mark("constructor");
}

TB_EXPORT const tb_plugin_descriptor *tollbook_plugin_entry(uint16_t host_major, uint16_t host_minor) {
    leave_mark("entry");
    return marker_inner_entry(host_major, host_minor);
}
