/* SPDX-License-Identifier: MIT */
/*
 * What the sizing renderers share (report/sizing_report.c, report/html/html_geo.c): the note
 * that the least weighted total sits at an edge of the range of K searched, with the wider
 * range (or tolerance) to try. Internal to the library; never prints.
 */
#ifndef FPT_SIZING_REPORT_H
#define FPT_SIZING_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/sizing.h"

/**
 * Write into buf (size bytes) the sentences saying that the least weighted total is at the
 * smallest or the largest K with a partition, and what to try: a range reaching further that
 * way (half the smallest K, twice the largest, within 1 and the number of CCGs) when the edge
 * is the range's own, a wider --tolerance when the K beyond it were infeasible. Nothing is
 * said of an edge that cannot move: 1 unit, or one unit per CCG.
 * @return true when a note was written; false (buf empty) when the least total lies inside
 *         the range or there is none. Can't fail.
 */
bool fpt_sizing_edge_note(const fpt_sizing *z, char *buf, size_t size);

#endif
