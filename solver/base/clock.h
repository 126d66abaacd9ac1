/* SPDX-License-Identifier: MIT */
/*
 * Time: seconds on the monotonic clock, which every time limit is reckoned on; and the absolute
 * deadline a pthread_cond_timedwait() or a sem_timedwait() takes, some seconds after a known
 * time. Part of base/, so every stage, the command's progress line and the server's slots
 * reckon time the same way.
 */
#ifndef FPT_CLOCK_H
#define FPT_CLOCK_H

#include <time.h>

/** Seconds on the monotonic clock (CLOCK_MONOTONIC): only differences mean anything. */
double fpt_clock_s(void);

/** t moved on by s seconds (s ≥ 0; its fraction to the nanosecond), normalised. */
struct timespec fpt_timespec_after(struct timespec t, double s);

#endif
