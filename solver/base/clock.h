/* SPDX-License-Identifier: MIT */
/*
 * Time points for timed waits: the absolute deadline a pthread_cond_timedwait() or a
 * sem_timedwait() takes, some seconds after a known time. Part of base/, so the command's
 * progress line and the server's slots reckon deadlines the same way.
 */
#ifndef FPT_CLOCK_H
#define FPT_CLOCK_H

#include <time.h>

/** t moved on by s seconds (s ≥ 0; its fraction to the nanosecond), normalised. */
struct timespec fpt_timespec_after(struct timespec t, double s);

#endif
