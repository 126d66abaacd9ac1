/* SPDX-License-Identifier: MIT */
/*
 * Inline SVG primitives for the HTML report's charts: no namespace, no script, nothing
 * loaded; every piece of text escaped. Shared by html_report.c and html_geo.c.
 */
#ifndef FPT_SVG_H
#define FPT_SVG_H

#include <stdio.h>

/** Open an inline <svg> of this size with an accessible label (escaped). */
void fpt_svg_open(FILE *out, double width, double height, const char *label);

/** A rectangle; with a tooltip when title is not NULL. */
void fpt_svg_rect(FILE *out, double x, double y, double w, double h, const char *fill,
                  const char *title);

/** A line of this colour and width. */
void fpt_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *stroke,
                  double width);

/** Text at (x, y); anchor is "start", "middle" or "end"; cls (a CSS class) may be NULL. */
void fpt_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                  const char *text);

/** A tick step of 1, 2 or 5 × 10^k giving about five ticks up to top. */
double fpt_nice_step(double top);

#endif
