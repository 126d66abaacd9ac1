/* SPDX-License-Identifier: MIT */
/*
 * Test support: allocation-failure injection (tests/unit/base/test_alloc_fail.c explains the
 * mechanism). Linked only into executables built with -Wl,--wrap for malloc, calloc, realloc,
 * free, strdup, strndup, open_memstream and fclose (and three libxml2 schema calls, run with
 * injection suspended): every allocation the library makes goes through this module, which
 * can fail the Nth one and counts the allocations still live.
 */
#ifndef FPT_TEST_INJECT_H
#define FPT_TEST_INJECT_H

#include <stdbool.h>
#include <stddef.h>

/** Who made an allocation: code linked into the executable (the library, the test), or … */
typedef enum inject_origin {
    INJECT_LINKED = 0,
    INJECT_LIBXML2, /**< … libxml2, through xmlMemSetup() */
    INJECT_JANSSON  /**< … Jansson, through json_set_alloc_funcs() */
} inject_origin;

/**
 * Route libxml2's and Jansson's allocations through the injector too. Call once per process
 * before xmlInitParser() (fpt_xml_init()) and before any Jansson call.
 */
void inject_install(void);

/**
 * Start a measured run: forget every allocation tracked so far, count allocation points from
 * zero and fail point fail_at (1-based; 0 fails none). Transient (persistent false): only that
 * point fails and the next allocation succeeds again. Persistent: every later point fails too,
 * as when memory has run out for good, so cleanup and error paths get no memory either.
 */
void inject_begin(unsigned long fail_at, bool persistent);

/**
 * End the run: stop counting points and failing them, and track no new allocation; frees of
 * the run's allocations are still counted, so inject_live() can be read after releasing them.
 */
void inject_stop(void);

/** Allocation points reached since inject_begin(). */
unsigned long inject_reached(void);

/** Whether the run's point fail_at was reached (and so failed). */
bool inject_fired(void);

/** Who made the (first) allocation that failed, when inject_fired(). */
inject_origin inject_failed_origin(void);

/** Allocations made since inject_begin() and not yet freed, memory streams not yet closed
 * included. */
size_t inject_live(void);

/**
 * Fill points with the allocation points (at most max) that made the allocations still live,
 * in no particular order; memory streams not yet closed are not listed. Returns how many.
 */
size_t inject_leaked_points(unsigned long *points, size_t max);

/** Called when point fail_at fails: break here in a debugger to see where. */
void inject_failing_here(void);

/**
 * Print the stack of the point fail_at to stderr (backtrace_symbols_fd: the library's
 * frames as executable+offset, for addr2line).
 */
void inject_print_failure(void);

#endif
