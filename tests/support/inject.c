/* SPDX-License-Identifier: MIT */
/*
 * Allocation-failure injection (inject.h). The linker's --wrap turns every call to malloc,
 * calloc, realloc, free, strdup, strndup, open_memstream and fclose in the statically linked
 * objects into a call to __wrap_x here; __real_x is the C library's. Each allocation is one
 * numbered point; the chosen one returns NULL with errno ENOMEM. Live allocations are kept in
 * a hash set (allocated with the real allocator, so it never counts itself), which also tells
 * our pointers from the C library's own (an open_memstream buffer, anything allocated before
 * the run): free() passes those straight through. One mutex guards it all, so a sweep's
 * threads may allocate too, though only a single-threaded run numbers its points repeatably.
 */
#include "inject.h"

#include <errno.h>
#include <execinfo.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
FILE *__real_open_memstream(char **text, size_t *len);
int __real_fclose(FILE *fp);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
FILE *__wrap_open_memstream(char **text, size_t *len);
int __wrap_fclose(FILE *fp);

enum { MAX_STREAMS = 64 };

/* The set's empty and deleted slots; no allocation lives at address 0 or 1. */
static const uintptr_t EMPTY = 0, GONE = 1;

typedef struct slot {
    uintptr_t key;
    unsigned long point; /* the point that allocated it, for a leak's report */
} slot;

typedef struct memstream {
    FILE *fp;
    char **text;
} memstream;

static struct {
    pthread_mutex_t lock;
    bool tracking;
    int suspended; /* inside an exempt call: points are neither counted nor failed … */
    int allowed;   /* … once this many more have been */
    unsigned long fail_at;
    bool persistent; /* every point after fail_at fails too */
    unsigned long reached;
    bool fired;
    inject_origin origin; /* of the point that failed */
    slot *slots;          /* open addressing, linear probing; cap is a power of two */
    size_t cap;
    size_t live;
    size_t gone;
    memstream streams[MAX_STREAMS]; /* open memory streams, each counted as live */
    size_t n_streams;
    unsigned long stack_point; /* FPT_INJECT_STACK */
} inj = {.lock = PTHREAD_MUTEX_INITIALIZER};

static size_t slot_of(uintptr_t key)
{
    uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15u;
    return (size_t)(h >> 17) & (inj.cap - 1);
}

static void set_insert(uintptr_t key, unsigned long point);

/* Rehash into a table four times the live count (deleted slots are dropped on the way). */
static void set_grow(void)
{
    slot *old = inj.slots;
    size_t old_cap = inj.cap;
    inj.cap = 4096;
    while (inj.cap < 4 * (inj.live + 1)) {
        inj.cap *= 2;
    }
    inj.slots = __real_calloc(inj.cap, sizeof *inj.slots);
    if (inj.slots == NULL) {
        abort(); /* the test harness itself is out of memory */
    }
    inj.live = 0;
    inj.gone = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].key != EMPTY && old[i].key != GONE) {
            set_insert(old[i].key, old[i].point);
        }
    }
    __real_free(old);
}

static void set_insert(uintptr_t key, unsigned long point)
{
    if (2 * (inj.live + inj.gone + 1) > inj.cap) {
        set_grow();
    }
    size_t i = slot_of(key);
    while (inj.slots[i].key != EMPTY && inj.slots[i].key != GONE && inj.slots[i].key != key) {
        i = (i + 1) & (inj.cap - 1);
    }
    if (inj.slots[i].key == key) {
        return;
    }
    inj.gone -= inj.slots[i].key == GONE;
    inj.slots[i] = (slot){key, point};
    inj.live++;
}

/* Remove key; returns whether it was there. */
static bool set_remove(uintptr_t key)
{
    if (inj.cap == 0) {
        return false;
    }
    for (size_t i = slot_of(key); inj.slots[i].key != EMPTY; i = (i + 1) & (inj.cap - 1)) {
        if (inj.slots[i].key == key) {
            inj.slots[i].key = GONE;
            inj.live--;
            inj.gone++;
            return true;
        }
    }
    return false;
}

/* The stack of the point that failed last, for inject_print_failure(). */
static void *failure_frames[48];
static int n_failure_frames;

/* Called where point fail_at fails: a breakpoint here shows the failing call's stack. */
__attribute__((noinline)) void inject_failing_here(void)
{
    n_failure_frames = backtrace(failure_frames, 48);
}

void inject_print_failure(void)
{
    backtrace_symbols_fd(failure_frames, n_failure_frames, 2);
}

/* FPT_INJECT_STACK=k prints the stack of point k of every run to stderr, for diagnosis. */
static void print_stack(unsigned long point)
{
    if (point == inj.stack_point) {
        void *frames[40];
        fprintf(stderr, "allocation point %lu:\n", point);
        backtrace_symbols_fd(frames, backtrace(frames, 40), 2);
    }
}

/* Count one allocation point made from origin; returns whether it fails. */
static bool point_fails(inject_origin origin)
{
    pthread_mutex_lock(&inj.lock);
    bool fail = false, first = false;
    unsigned long point = 0;
    if (inj.tracking && (inj.suspended == 0 || inj.allowed-- > 0)) {
        point = ++inj.reached;
        fail =
            inj.fail_at != 0 && (point == inj.fail_at || (inj.persistent && point > inj.fail_at));
        first = fail && !inj.fired;
        if (first) {
            inj.fired = true;
            inj.origin = origin;
        }
    }
    pthread_mutex_unlock(&inj.lock);
    if (point != 0) {
        print_stack(point);
    }
    if (first) {
        inject_failing_here();
    }
    if (fail) {
        errno = ENOMEM;
    }
    return fail;
}

static void *track(void *p)
{
    if (p != NULL) {
        pthread_mutex_lock(&inj.lock);
        if (inj.tracking) {
            set_insert((uintptr_t)p, inj.reached);
        }
        pthread_mutex_unlock(&inj.lock);
    }
    return p;
}

static bool untrack(void *p)
{
    pthread_mutex_lock(&inj.lock);
    bool ours = set_remove((uintptr_t)p);
    pthread_mutex_unlock(&inj.lock);
    return ours;
}

static void *do_malloc(size_t size, inject_origin origin)
{
    return point_fails(origin) ? NULL : track(__real_malloc(size));
}

static void *do_realloc(void *p, size_t size, inject_origin origin)
{
    if (p == NULL) {
        return do_malloc(size, origin);
    }
    if (point_fails(origin)) {
        return NULL; /* p stays allocated, as realloc promises */
    }
    bool ours = untrack(p);
    void *q = __real_realloc(p, size);
    if (q == NULL) {
        return ours ? track(p) : NULL;
    }
    return ours ? track(q) : q;
}

static char *do_strdup(const char *s, inject_origin origin)
{
    return point_fails(origin) ? NULL : track(__real_strdup(s));
}

void *__wrap_malloc(size_t size)
{
    return do_malloc(size, INJECT_LINKED);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return point_fails(INJECT_LINKED) ? NULL : track(__real_calloc(n, size));
}

void *__wrap_realloc(void *p, size_t size)
{
    return do_realloc(p, size, INJECT_LINKED);
}

void __wrap_free(void *p)
{
    if (p != NULL) {
        untrack(p);
        __real_free(p);
    }
}

char *__wrap_strdup(const char *s)
{
    return do_strdup(s, INJECT_LINKED);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return point_fails(INJECT_LINKED) ? NULL : track(__real_strndup(s, n));
}

/*
 * The stream itself is one point and one live allocation until fclose(). Its buffer grows
 * inside the C library, where no wrapper reaches; fclose() is a second point that plays a
 * failed growth exactly as glibc reports one (the error flag makes fclose() return EOF, and
 * the partial text is still handed over for the caller to free).
 */
FILE *__wrap_open_memstream(char **text, size_t *len)
{
    if (point_fails(INJECT_LINKED)) {
        return NULL;
    }
    FILE *fp = __real_open_memstream(text, len);
    pthread_mutex_lock(&inj.lock);
    if (fp != NULL && inj.tracking) {
        if (inj.n_streams == MAX_STREAMS) {
            abort();
        }
        inj.streams[inj.n_streams++] = (memstream){fp, text};
    }
    pthread_mutex_unlock(&inj.lock);
    return fp;
}

/* Forget fp if it is a tracked memory stream; returns where its text goes, or NULL. */
static char **forget_stream(FILE *fp)
{
    char **text = NULL;
    pthread_mutex_lock(&inj.lock);
    for (size_t i = 0; i < inj.n_streams; i++) {
        if (inj.streams[i].fp == fp) {
            text = inj.streams[i].text;
            inj.streams[i] = inj.streams[--inj.n_streams];
            break;
        }
    }
    pthread_mutex_unlock(&inj.lock);
    return text;
}

int __wrap_fclose(FILE *fp)
{
    char **text = forget_stream(fp);
    if (text == NULL) {
        return __real_fclose(fp);
    }
    bool grow_failed = point_fails(INJECT_LINKED);
    int rc = __real_fclose(fp);
    track(*text); /* the C library allocated it; the caller frees it through us */
    return grow_failed ? EOF : rc;
}

/*
 * libxml2 2.9.14's XML Schema module is not safe against allocation failure: the automata
 * it compiles a schema's content models into (xmlregexp.c) corrupt the heap when one of their
 * allocations fails; xmlSchemaNewValidCtxt() returns a context without its dictionary or its
 * node-name list when those fail, and validation then dereferences NULL. The library cannot
 * make libxml2 safe, so these calls, also wrapped, run with injection suspended: what they
 * allocate is tracked (it must still be freed) but neither counted nor failed. The one
 * failure libxml2 does report there, xmlSchemaNewValidCtxt() returning NULL because the
 * context itself could not be allocated, is still injected: its first allocation counts.
 */
void *__real_xmlSchemaParse(void *ctxt);
void *__wrap_xmlSchemaParse(void *ctxt);
void *__real_xmlSchemaNewValidCtxt(void *schema);
void *__wrap_xmlSchemaNewValidCtxt(void *schema);
int __real_xmlSchemaValidateDoc(void *ctxt, void *doc);
int __wrap_xmlSchemaValidateDoc(void *ctxt, void *doc);

/* Suspend injection (by = 1, after `allowed` more points) or resume it (by = -1). */
static void suspend(int by, int allowed)
{
    pthread_mutex_lock(&inj.lock);
    inj.suspended += by;
    inj.allowed = allowed;
    pthread_mutex_unlock(&inj.lock);
}

void *__wrap_xmlSchemaParse(void *ctxt)
{
    suspend(1, 0);
    void *schema = __real_xmlSchemaParse(ctxt);
    suspend(-1, 0);
    return schema;
}

void *__wrap_xmlSchemaNewValidCtxt(void *schema)
{
    suspend(1, 1);
    void *ctxt = __real_xmlSchemaNewValidCtxt(schema);
    suspend(-1, 0);
    return ctxt;
}

int __wrap_xmlSchemaValidateDoc(void *ctxt, void *doc)
{
    suspend(1, 0);
    int rc = __real_xmlSchemaValidateDoc(ctxt, doc);
    suspend(-1, 0);
    return rc;
}

static void *xml_malloc(size_t size)
{
    return do_malloc(size, INJECT_LIBXML2);
}

static void *xml_realloc(void *p, size_t size)
{
    return do_realloc(p, size, INJECT_LIBXML2);
}

static char *xml_strdup(const char *s)
{
    return do_strdup(s, INJECT_LIBXML2);
}

static void *json_malloc(size_t size)
{
    return do_malloc(size, INJECT_JANSSON);
}

void inject_install(void)
{
    const char *stack = getenv("FPT_INJECT_STACK");
    inj.stack_point = stack != NULL ? strtoul(stack, NULL, 10) : 0;
    xmlMemSetup(__wrap_free, xml_malloc, xml_realloc, xml_strdup);
    json_set_alloc_funcs(json_malloc, __wrap_free);
}

void inject_begin(unsigned long fail_at, bool persistent)
{
    pthread_mutex_lock(&inj.lock);
    if (inj.cap > 0) {
        memset(inj.slots, 0, inj.cap * sizeof *inj.slots);
    }
    inj.live = 0;
    inj.gone = 0;
    inj.n_streams = 0;
    inj.reached = 0;
    inj.fired = false;
    inj.fail_at = fail_at;
    inj.persistent = persistent;
    inj.tracking = true;
    pthread_mutex_unlock(&inj.lock);
}

void inject_stop(void)
{
    pthread_mutex_lock(&inj.lock);
    inj.tracking = false;
    inj.fail_at = 0;
    pthread_mutex_unlock(&inj.lock);
}

unsigned long inject_reached(void)
{
    pthread_mutex_lock(&inj.lock);
    unsigned long reached = inj.reached;
    pthread_mutex_unlock(&inj.lock);
    return reached;
}

bool inject_fired(void)
{
    pthread_mutex_lock(&inj.lock);
    bool fired = inj.fired;
    pthread_mutex_unlock(&inj.lock);
    return fired;
}

size_t inject_live(void)
{
    pthread_mutex_lock(&inj.lock);
    size_t live = inj.live + inj.n_streams;
    pthread_mutex_unlock(&inj.lock);
    return live;
}

size_t inject_leaked_points(unsigned long *points, size_t max)
{
    pthread_mutex_lock(&inj.lock);
    size_t n = 0;
    for (size_t i = 0; i < inj.cap && n < max; i++) {
        if (inj.slots[i].key != EMPTY && inj.slots[i].key != GONE) {
            points[n++] = inj.slots[i].point;
        }
    }
    pthread_mutex_unlock(&inj.lock);
    return n;
}

inject_origin inject_failed_origin(void)
{
    pthread_mutex_lock(&inj.lock);
    inject_origin origin = inj.origin;
    pthread_mutex_unlock(&inj.lock);
    return origin;
}
