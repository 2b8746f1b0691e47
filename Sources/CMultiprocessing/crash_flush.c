#define _GNU_SOURCE
#include "CMultiprocessing.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

// Lines a program printed with `print` sit in stdio's buffer until it fills
// or the program ends normally. A crash (a Swift runtime trap is SIGILL or
// SIGTRAP), an abort or a SIGTERM ends the process without flushing it, and
// those lines are lost. These handlers flush standard output and error, then
// let the signal do what it would have done (the previous handler, such as
// Swift's backtracer, or the default action), so the exit status is
// unchanged.

static const int crash_signals[] = {SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGTERM};
enum { CRASH_SIGNAL_COUNT = sizeof crash_signals / sizeof crash_signals[0] };
static struct sigaction previous[CRASH_SIGNAL_COUNT];

static void flush_stream(FILE *stream) {
    // Never wait for a lock the crashing thread may hold.
    if (ftrylockfile(stream) == 0) {
        fflush_unlocked(stream);
        funlockfile(stream);
    }
}

static void flush_then_go_on(int signal, siginfo_t *info, void *context) {
    flush_stream(stdout);
    flush_stream(stderr);
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        if (crash_signals[i] != signal) continue;
        struct sigaction old = previous[i];
        if ((old.sa_flags & SA_SIGINFO) && old.sa_sigaction) {
            old.sa_sigaction(signal, info, context);
            return;
        }
        if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler) {
            old.sa_handler(signal);
            return;
        }
        sigaction(signal, &old, NULL);
        raise(signal);
        return;
    }
}

int mp_install_crash_flush(void) {
    int installed = 0;
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        struct sigaction current;
        if (sigaction(crash_signals[i], NULL, &current) != 0) continue;
        if (current.sa_flags & SA_SIGINFO ? current.sa_sigaction == flush_then_go_on : 0) continue;
        // A signal the program ignores stays ignored.
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
        previous[i] = current;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = flush_then_go_on;
        action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        if (sigaction(crash_signals[i], &action, NULL) == 0) installed++;
    }
    return installed;
}
