/* SPDX-License-Identifier: MIT */
/*
 * Deadlines for timed waits (solver/base/clock.c): whole seconds and their fraction added,
 * the nanoseconds carried into the seconds when they pass one.
 */
#include <criterion/criterion.h>

#include "base/clock.h"

Test(clock, whole_seconds_and_a_fraction_are_added)
{
    struct timespec t = fpt_timespec_after((struct timespec){100, 200000000L}, 2.25);
    cr_expect_eq(t.tv_sec, 102);
    cr_expect_eq(t.tv_nsec, 450000000L);
    t = fpt_timespec_after((struct timespec){7, 5}, 0);
    cr_expect(t.tv_sec == 7 && t.tv_nsec == 5);
}

Test(clock, nanoseconds_past_a_second_carry)
{
    struct timespec t = fpt_timespec_after((struct timespec){100, 900000000L}, 1.5);
    cr_expect_eq(t.tv_sec, 102);
    cr_expect_eq(t.tv_nsec, 400000000L);
    t = fpt_timespec_after((struct timespec){0, 999999999L}, 0.000000001);
    cr_expect(t.tv_sec == 1 && t.tv_nsec < 1000000000L, "%ld s %ld ns", (long)t.tv_sec, t.tv_nsec);
}
