/* SPDX-License-Identifier: MIT */
/*
 * Labels for the maps (report/partition_svg.c): an estimate of a text's width in a
 * sans-serif font, and a greedy placement that puts each label beside its anchor where its
 * box stays inside the frame and overlaps no other label and no obstacle. Pure arithmetic on
 * its arguments; never prints.
 */
#ifndef FPT_MAP_LABELS_H
#define FPT_MAP_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/** A box in picture coordinates (y downwards): top-left corner and size. */
typedef struct fpt_box {
    double x, y, w, h;
} fpt_box;

/** A label to place beside its anchor (ax, ay); w, h its box's size. */
typedef struct fpt_map_label {
    double ax, ay;
    double w, h;
    fpt_box box; /**< where it went, when placed */
    bool placed; /**< in: already placed (then box is kept and avoided); out: placed */
} fpt_map_label;

/**
 * An upper estimate of the width in pixels of UTF-8 text in a sans-serif font of font_px
 * pixels (Liberation Sans, DejaVu Sans and Arial stay within it for the project's names).
 * Can't fail.
 */
double fpt_text_width_px(const char *text, double font_px);

/**
 * The longest prefix of text, cut at a character boundary and ending in "…" when cut, whose
 * estimated width is at most max_px, into buf (size bytes, at least 8). Can't fail.
 */
void fpt_text_fit(char *buf, size_t size, const char *text, double font_px, double max_px);

/**
 * Place the labels not yet placed, in order: each takes the first of its candidate boxes —
 * right, left, above, below, then the four corners, at growing distances from its anchor —
 * that lies inside frame and overlaps neither a placed label nor an obstacle (each box grown
 * by a 1 px margin). A label with no such box stays unplaced.
 * @return the number of labels placed by this call. Can't fail; depends only on its
 *         arguments.
 */
size_t fpt_labels_place(fpt_map_label *labels, size_t n, const fpt_box *obstacles,
                        size_t n_obstacles, fpt_box frame);

/** Whether two boxes overlap (touching edges do not). Can't fail. */
bool fpt_box_overlaps(fpt_box a, fpt_box b);

/** Whether inner lies wholly inside outer. Can't fail. */
bool fpt_box_inside(fpt_box inner, fpt_box outer);

#endif
