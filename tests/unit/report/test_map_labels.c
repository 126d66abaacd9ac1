/* SPDX-License-Identifier: MIT */
/*
 * Map labels (report/map_labels.h): width estimates count characters, not bytes, and grow
 * with the text; fitting cuts at a character boundary and ends in an ellipsis; placement keeps
 * every placed box inside the frame, clear of obstacles and of every other label, tries the
 * right of the anchor first, and repeats exactly.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "report/map_labels.h"

Test(labels, width_counts_characters_and_grows_with_the_text)
{
    cr_expect(eq(dbl, fpt_text_width_px("", 11), 0));
    cr_expect(fpt_text_width_px("ab", 11) > fpt_text_width_px("a", 11));
    cr_expect(fpt_text_width_px("WWW", 11) > fpt_text_width_px("iii", 11));
    cr_expect(fpt_text_width_px("abc", 22) > fpt_text_width_px("abc", 11));
    /* "é" is two bytes but one character: as wide as one wide letter, not two. */
    cr_expect(fpt_text_width_px("\xC3\xA9", 11) <= fpt_text_width_px("M", 11));
}

Test(labels, fit_keeps_short_text_and_cuts_long_text_with_an_ellipsis)
{
    char buf[64];
    fpt_text_fit(buf, sizeof buf, "Kent", 11, 100);
    cr_expect(eq(str, buf, "Kent"));
    const char *long_text = "North of England (NHS North Durham)";
    fpt_text_fit(buf, sizeof buf, long_text, 11, 80);
    cr_expect(fpt_text_width_px(buf, 11) <= 80, "'%s' is too wide", buf);
    size_t n = strlen(buf);
    cr_assert(n > 3);
    cr_expect(eq(str, buf + n - 3, "\xE2\x80\xA6"));
    cr_expect(strncmp(buf, long_text, n - 3) == 0);
    /* Never half a character: "é" stays whole or goes. */
    fpt_text_fit(buf, sizeof buf, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 11, 30);
    n = strlen(buf);
    cr_expect(eq(sz, (n - 3) % 2, 0), "'%s' cut inside a character", buf);
    /* A buffer too small for the text: cut to fit it. */
    char small[8];
    fpt_text_fit(small, sizeof small, "abcdefghijkl", 11, 1000);
    cr_expect(eq(str, small, "abcd\xE2\x80\xA6"));
}

static void expect_clear(const fpt_map_label *l, size_t n, const fpt_box *obstacles,
                         size_t n_obstacles, fpt_box frame)
{
    for (size_t i = 0; i < n; i++) {
        if (!l[i].placed) {
            continue;
        }
        cr_expect(fpt_box_inside(l[i].box, frame), "label %zu leaves the frame", i);
        for (size_t j = 0; j < i; j++) {
            bool clash = l[j].placed && fpt_box_overlaps(l[i].box, l[j].box);
            cr_expect(not(clash), "labels %zu and %zu overlap", i, j);
        }
        for (size_t k = 0; k < n_obstacles; k++) {
            cr_expect(not(fpt_box_overlaps(l[i].box, obstacles[k])), "label %zu hides obstacle %zu",
                      i, k);
        }
    }
}

Test(labels, the_first_choice_is_right_of_the_anchor)
{
    fpt_map_label l = {.ax = 50, .ay = 50, .w = 30, .h = 14};
    fpt_box frame = {0, 0, 200, 200};
    cr_assert(eq(sz, fpt_labels_place(&l, 1, NULL, 0, frame), 1));
    cr_expect(l.box.x > 50 && l.box.y < 50 && l.box.y + l.box.h > 50);
}

Test(labels, a_label_at_the_right_edge_goes_left_and_stays_inside)
{
    fpt_map_label l = {.ax = 195, .ay = 100, .w = 60, .h = 14};
    fpt_box frame = {0, 0, 200, 200};
    cr_assert(eq(sz, fpt_labels_place(&l, 1, NULL, 0, frame), 1));
    cr_expect(l.box.x + l.box.w < 195);
    expect_clear(&l, 1, NULL, 0, frame);
}

Test(labels, crowded_labels_never_overlap_and_some_stay_unplaced)
{
    enum { N = 60 };
    fpt_map_label l[N];
    fpt_box obstacles[N];
    for (size_t i = 0; i < N; i++) {
        double x = 100 + 3.0 * (double)(i % 10), y = 100 + 3.0 * (double)(i / 10);
        l[i] = (fpt_map_label){.ax = x, .ay = y, .w = 40 + (double)(i % 7) * 5, .h = 14};
        obstacles[i] = (fpt_box){x - 2, y - 2, 4, 4};
    }
    fpt_box frame = {0, 0, 240, 200};
    size_t placed = fpt_labels_place(l, N, obstacles, N, frame);
    cr_expect(placed > 10 && placed < N, "%zu placed", placed);
    expect_clear(l, N, obstacles, N, frame);
    /* A second call places none of the same labels again and moves none. */
    fpt_map_label again[N];
    memcpy(again, l, sizeof l);
    fpt_labels_place(again, N, obstacles, N, frame);
    for (size_t i = 0; i < N; i++) {
        bool moved = l[i].placed && memcmp(&again[i].box, &l[i].box, sizeof l[i].box) != 0;
        cr_expect(not(moved), "label %zu moved", i);
    }
}

Test(labels, placement_repeats_exactly)
{
    enum { N = 30 };
    fpt_map_label a[N], b[N];
    for (size_t i = 0; i < N; i++) {
        a[i] = (fpt_map_label){
            .ax = 20 + 11.0 * (double)(i % 6), .ay = 20 + 9.0 * (double)(i / 6), .w = 35, .h = 14};
    }
    memcpy(b, a, sizeof a);
    fpt_box frame = {0, 0, 150, 120};
    cr_expect(
        eq(sz, fpt_labels_place(a, N, NULL, 0, frame), fpt_labels_place(b, N, NULL, 0, frame)));
    cr_expect(memcmp(a, b, sizeof a) == 0);
}
