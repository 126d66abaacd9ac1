/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's robust plans (html_report.c calls it): every plan the sweep found optimal,
 * drawn by its expected objective against its worst-case regret, the two recommended marked,
 * and the functions on which they differ. Private to the report; reads in->robust only.
 */
#ifndef FPT_HTML_ROBUST_H
#define FPT_HTML_ROBUST_H

#include <stdio.h>

#include "report/html/html_report.h"

/** Write the "Robust plan" section (in->robust set). Can't fail: a write error stays on the
 *  stream, which the caller checks. */
void fpt_html_write_robust(FILE *out, const fpt_html_report_input *in);

#endif
