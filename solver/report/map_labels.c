/* SPDX-License-Identifier: MIT */
/*
 * Map labels (report/map_labels.h). Without font metrics, a text's width is estimated per
 * character from the advance widths of the common sans-serif fonts (DejaVu Sans, the widest
 * of them, at its widest glyph in each class), so that the estimate errs on the wide side and
 * boxes placed apart stay apart when drawn. Placement is greedy, in the caller's order, over
 * a fixed list of candidate positions: deterministic and O(n² × candidates).
 */
#include "report/map_labels.h"

#include <string.h>

#define MARGIN_PX 1.0

/* The advance of one character in ems, by class (DejaVu Sans rounded up). */
static double advance_em(unsigned char c)
{
    if (c >= 0x80) {
        return 0.80; /* a character beyond ASCII: as wide as a wide capital */
    }
    if (strchr("iljI.,;:'!|", c) != NULL) {
        return 0.34;
    }
    if (strchr(" ()[]tfr-", c) != NULL) {
        return 0.42;
    }
    if (strchr("mwMW", c) != NULL) {
        return 1.00;
    }
    if (c >= 'A' && c <= 'Z') {
        return 0.78;
    }
    return 0.64; /* lower case, digits and the rest */
}

double fpt_text_width_px(const char *text, double font_px)
{
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        if ((*p & 0xC0) != 0x80) { /* count a multi-byte character once, at its lead byte */
            em += advance_em(*p);
        }
    }
    return em * font_px;
}

void fpt_text_fit(char *buf, size_t size, const char *text, double font_px, double max_px)
{
    static const char ELLIPSIS[] = "\xE2\x80\xA6";
    size_t len = strlen(text);
    if (len < size && fpt_text_width_px(text, font_px) <= max_px) {
        memcpy(buf, text, len + 1);
        return;
    }
    double budget = max_px - fpt_text_width_px(ELLIPSIS, font_px), used = 0;
    size_t end = 0; /* bytes kept: always whole characters */
    while (end < len) {
        size_t next = end + 1;
        while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80) {
            next++;
        }
        double adv = advance_em((unsigned char)text[end]) * font_px;
        if (used + adv > budget || next + sizeof ELLIPSIS > size) {
            break;
        }
        used += adv;
        end = next;
    }
    while (end > 0 && text[end - 1] == ' ') {
        end--;
    }
    memcpy(buf, text, end);
    memcpy(buf + end, ELLIPSIS, sizeof ELLIPSIS);
}

bool fpt_box_overlaps(fpt_box a, fpt_box b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool fpt_box_inside(fpt_box inner, fpt_box outer)
{
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
           inner.y + inner.h <= outer.y + outer.h;
}

static fpt_box grown(fpt_box b)
{
    return (fpt_box){b.x - MARGIN_PX, b.y - MARGIN_PX, b.w + 2 * MARGIN_PX, b.h + 2 * MARGIN_PX};
}

/* Candidate k of a label: direction k % 8 at distance ring k / 8. */
static fpt_box candidate(const fpt_map_label *l, int k)
{
    static const int DX[8] = {1, -1, 0, 0, 1, -1, 1, -1};
    static const int DY[8] = {0, 0, -1, 1, -1, -1, 1, 1};
    static const double GAP[4] = {7, 14, 24, 38};
    int d = k % 8;
    double gap = GAP[k / 8];
    fpt_box b = {0, 0, l->w, l->h};
    b.x = DX[d] > 0 ? l->ax + gap : DX[d] < 0 ? l->ax - gap - l->w : l->ax - l->w / 2;
    b.y = DY[d] > 0 ? l->ay + gap : DY[d] < 0 ? l->ay - gap - l->h : l->ay - l->h / 2;
    return b;
}

static bool is_free(fpt_box b, const fpt_map_label *labels, size_t n, const fpt_box *obstacles,
                    size_t n_obstacles)
{
    fpt_box g = grown(b);
    for (size_t i = 0; i < n; i++) {
        if (labels[i].placed && fpt_box_overlaps(g, grown(labels[i].box))) {
            return false;
        }
    }
    for (size_t i = 0; i < n_obstacles; i++) {
        if (fpt_box_overlaps(g, obstacles[i])) {
            return false;
        }
    }
    return true;
}

size_t fpt_labels_place(fpt_map_label *labels, size_t n, const fpt_box *obstacles,
                        size_t n_obstacles, fpt_box frame)
{
    size_t placed = 0;
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; !labels[i].placed && k < 32; k++) {
            fpt_box b = candidate(&labels[i], k);
            if (fpt_box_inside(b, frame) && is_free(b, labels, n, obstacles, n_obstacles)) {
                labels[i].box = b;
                labels[i].placed = true;
                placed++;
            }
        }
    }
    return placed;
}
