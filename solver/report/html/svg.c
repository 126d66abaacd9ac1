/* SPDX-License-Identifier: MIT */
/*
 * Inline SVG primitives for the HTML report (report/html/svg.h): an <svg> element with an
 * accessible label, rectangles with tooltips, lines, text and axis steps. Text is escaped.
 */
#include "report/html/svg.h"

#include <math.h>

#include "base/text.h"

void fpt_svg_open(FILE *out, double width, double height, const char *label)
{
    fprintf(out, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" ",
            width, height, width, height);
    fputs("aria-label=\"", out);
    fpt_text_escape_xml(out, label);
    fputs("\">\n", out);
}

/* A rectangle; with a tooltip when title is not NULL (the caller closes nothing). */
void fpt_svg_rect(FILE *out, double x, double y, double w, double h, const char *fill,
                  const char *title)
{
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"", x, y,
            w > 0 ? w : 0, h > 0 ? h : 0, fill);
    if (title == NULL) {
        fputs("/>\n", out);
        return;
    }
    fputs("><title>", out);
    fpt_text_escape_xml(out, title);
    fputs("</title></rect>\n", out);
}

void fpt_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *stroke,
                  double width)
{
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"%.1f\"/>\n",
            x1, y1, x2, y2, stroke, width);
}

/* Text at (x, y); anchor is "start", "middle" or "end"; cls may be NULL. */
void fpt_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                  const char *text)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchor);
    if (cls != NULL) {
        fprintf(out, " class=\"%s\"", cls);
    }
    fputc('>', out);
    fpt_text_escape_xml(out, text);
    fputs("</text>\n", out);
}

/* A tick step of 1, 2 or 5 × 10^k giving about five ticks up to top. */
double fpt_nice_step(double top)
{
    double raw = top > 0 ? top / 5 : 1;
    double mag = pow(10, floor(log10(raw)));
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}
