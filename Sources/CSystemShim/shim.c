#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "csystem_shim.h"

int tollbook_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int tollbook_mkstemp_cloexec(char *path_template) {
    return mkostemp(path_template, O_CLOEXEC);
}
