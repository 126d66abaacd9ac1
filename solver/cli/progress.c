/* SPDX-License-Identifier: MIT */
/*
 * The command's progress line (cli/progress.h). On a terminal it is redrawn in place — a
 * carriage return, the text cut to the terminal's width, and an erase to the end of the
 * line — at most ten times a second; elsewhere, with --progress, it is one plain line at most
 * once a second, for a log. A report's text is drawn again by the beat, a thread of its own,
 * with the seconds elapsed: once a second on a terminal and every ten seconds in a log while
 * nothing new comes, and as soon as the interval allows when a report came too soon after the
 * last line to be drawn (so the line always ends up showing the latest report). Nothing here
 * reaches the library but the callbacks' data.
 */
#include "cli/progress.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/text.h"

double fpt_cli_progress_elapsed(const fpt_cli_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec) + 1e-9 * (double)(now.tv_nsec - p->start.tv_nsec);
}

void fpt_cli_progress_start(fpt_cli_progress *p, const char *command, const fpt_cli_args *a)
{
    memset(p, 0, sizeof *p);
    p->command = command;
    p->tty = isatty(STDERR_FILENO) != 0;
    p->on =
        !fpt_cli_given(a, FPT_CLI_OPT_QUIET) && (p->tty || fpt_cli_given(a, FPT_CLI_OPT_PROGRESS));
    p->last_s = -1;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    if (!p->on) {
        return; /* nothing drawn: no lock, no beat */
    }
    p->beat_s = p->tty ? 1.0 : 10.0;
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->wake, &ca);
    pthread_condattr_destroy(&ca);
}

bool fpt_cli_progress_track_k(fpt_cli_progress *p, size_t k_min, size_t k_max)
{
    p->k_done = calloc(k_max - k_min + 1, sizeof *p->k_done);
    p->k_min = k_min;
    p->n_k = p->k_done != NULL ? k_max - k_min + 1 : 0;
    return p->k_done != NULL;
}

/* The terminal's width, less one so that the cursor never wraps; 80 when unknown. */
static size_t width(void)
{
    struct winsize w;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20) {
        return (size_t)w.ws_col - 1;
    }
    return 79;
}

/* Cut text to n bytes without splitting a UTF-8 character. */
static void cut(char *text, size_t n)
{
    if (strlen(text) <= n) {
        return;
    }
    while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80) {
        n--;
    }
    text[n] = '\0';
}

static void draw(fpt_cli_progress *p, const char *text, double elapsed)
{
    char line[512];
    snprintf(line, sizeof line, "%s: %.1f s, %s", p->command, elapsed, text);
    if (p->tty) {
        cut(line, width());
        fprintf(stderr, "\r%s\033[K", line);
        p->drawn = true;
    } else {
        fprintf(stderr, "%s\n", line);
    }
    fflush(stderr);
}

/* The least time between two lines: 0.1 s on a terminal, 1 s in a log. */
static double every(const fpt_cli_progress *p)
{
    return p->tty ? 0.1 : 1.0;
}

/* Draw text unless a line was drawn less than every() ago; always when final. True when
   drawn. p->lock held. */
static bool line_locked(fpt_cli_progress *p, bool final, const char *text)
{
    double elapsed = fpt_cli_progress_elapsed(p);
    if (!final && p->last_s >= 0 && elapsed - p->last_s < every(p)) {
        return false;
    }
    p->last_s = elapsed;
    draw(p, text, elapsed);
    return true;
}

void fpt_cli_progress_line(fpt_cli_progress *p, bool final, const char *fmt, ...)
{
    if (!p->on) {
        return;
    }
    char text[sizeof p->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&p->lock);
    p->text[0] = '\0'; /* nothing for the beat to draw again */
    p->pending = false;
    line_locked(p, final, text);
    pthread_mutex_unlock(&p->lock);
}

/* The beat's thread: the last report's text again, when it has waited to be drawn for
   every(), or when the line has stood for beat_s; until fpt_cli_progress_end(). */
static void *beat(void *arg)
{
    fpt_cli_progress *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        double now = fpt_cli_progress_elapsed(p);
        double due = p->last_s + (p->pending ? every(p) : p->beat_s);
        if (p->text[0] != '\0' && now >= due) {
            p->last_s = now;
            p->pending = false;
            draw(p, p->text, now);
            continue;
        }
        struct timespec until =
            fpt_timespec_after(p->start, p->text[0] != '\0' ? due : now + p->beat_s);
        pthread_cond_timedwait(&p->wake, &p->lock, &until);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Start the beat, once, with every signal blocked in it so that they reach the command's own
   threads; without it (the system refused a thread) the line is drawn only on reports. */
static void start_beat(fpt_cli_progress *p)
{
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    p->beat_tried = true;
    p->beating = pthread_create(&p->beat, NULL, beat, p) == 0;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
}

/* "2-5, 9": the K done, as ranges. */
static void k_ranges(const fpt_cli_progress *p, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->n_k && at < size; i++) {
        if (!p->k_done[i] || (i > 0 && p->k_done[i - 1])) {
            continue;
        }
        size_t j = i;
        while (j + 1 < p->n_k && p->k_done[j + 1]) {
            j++;
        }
        int n = j == i ? snprintf(buf + at, size - at, "%s%zu", at ? ", " : "", p->k_min + i)
                       : snprintf(buf + at, size - at, "%s%zu-%zu", at ? ", " : "", p->k_min + i,
                                  p->k_min + j);
        at += n > 0 ? (size_t)n : 0;
    }
}

/* A figure short enough for the line: "3.1465bn", "12.35m", "9,876". */
static void compact(char *buf, size_t size, double v)
{
    if (fabs(v) >= 1e9) {
        snprintf(buf, size, "%.4fbn", v / 1e9);
    } else if (fabs(v) >= 1e6) {
        snprintf(buf, size, "%.2fm", v / 1e6);
    } else {
        fpt_text_grouped(buf, size, v);
    }
}

/* ", incumbent 3.1465bn person-km, bound 3.1424bn, gap 0.13%": what is known of the
 * objective (a bound that is not finite yet is not known). */
static void objective_text(const fpt_progress *pr, char *buf, size_t size)
{
    char inc[64], bound[64];
    buf[0] = '\0';
    bool has_inc = isfinite(pr->incumbent), has_bound = isfinite(pr->bound);
    if (!has_inc && !has_bound) {
        return;
    }
    const char *unit = pr->unit != NULL ? pr->unit : "";
    compact(inc, sizeof inc, pr->incumbent);
    compact(bound, sizeof bound, pr->bound);
    if (!has_bound) {
        snprintf(buf, size, ", incumbent %s %s", inc, unit);
    } else if (!has_inc) {
        snprintf(buf, size, ", no incumbent yet, bound %s %s", bound, unit);
    } else {
        double gap = pr->incumbent > 0 ? fmax(0, pr->incumbent - pr->bound) / pr->incumbent : 0;
        snprintf(buf, size, ", incumbent %s %s, bound %s, gap %.2f%%", inc, unit, bound, 100 * gap);
    }
}

void fpt_cli_progress_report(const fpt_progress *pr, void *ctx)
{
    fpt_cli_progress *p = ctx;
    if (!p->on) {
        return;
    }
    pthread_mutex_lock(&p->lock);
    bool new_stage = p->stage == NULL || strcmp(p->stage, pr->stage) != 0;
    p->stage = pr->stage;
    if (p->k_done != NULL && pr->item >= (long)p->k_min && pr->item < (long)(p->k_min + p->n_k)) {
        p->k_done[(size_t)pr->item - p->k_min] = true;
    }
    char steps[64] = "", ks[256] = "", objective[192];
    if (pr->total > 0) {
        snprintf(steps, sizeof steps, ", %zu of %zu done", pr->done, pr->total);
    }
    if (p->k_done != NULL) {
        char ranges[240];
        k_ranges(p, ranges, sizeof ranges);
        if (ranges[0] != '\0') {
            snprintf(ks, sizeof ks, " (K %s)", ranges);
        }
    }
    objective_text(pr, objective, sizeof objective);
    bool final = new_stage || (pr->total > 0 && pr->done == pr->total);
    snprintf(p->text, sizeof p->text, "%s%s%s%s", pr->stage, steps, ks, objective);
    p->pending = !line_locked(p, final, p->text);
    if (p->pending) {
        pthread_cond_signal(&p->wake); /* the beat may be asleep until a whole beat_s on */
    }
    if (!p->beat_tried) {
        start_beat(p);
    }
    pthread_mutex_unlock(&p->lock);
}

void fpt_cli_progress_end(fpt_cli_progress *p)
{
    if (p->beating) {
        pthread_mutex_lock(&p->lock);
        p->stop = true;
        pthread_cond_signal(&p->wake);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->beat, NULL);
        p->beating = false;
    }
    if (p->on) {
        p->on = false; /* no line after the end, nor a beat */
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->wake);
    }
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = false;
    free(p->k_done);
    p->k_done = NULL;
}
