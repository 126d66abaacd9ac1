/* SPDX-License-Identifier: MIT */
/* Seconds on the monotonic clock, and time points for timed waits (base/clock.h). */
#include "base/clock.h"

#include <math.h>

double fpt_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct timespec fpt_timespec_after(struct timespec t, double s)
{
    double whole = floor(s);
    t.tv_sec += (time_t)whole;
    t.tv_nsec += (long)((s - whole) * 1e9);
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}
