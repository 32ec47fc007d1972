#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "csystem_shim.h"

int tollbook_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int tollbook_mkstemp_cloexec(char *path_template) {
    return mkostemp(path_template, O_CLOEXEC);
}

int tollbook_run_thread_when_idle(void) {
    struct sched_param param = { .sched_priority = 0 };
    if (sched_setscheduler(0, SCHED_IDLE, &param) == 0) return 0;
    return setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
}
