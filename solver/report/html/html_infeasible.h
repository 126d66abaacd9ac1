/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's account of a sweep's infeasible scenarios (html_report.c calls it): how
 * many for each reason, and for a sweep with axes, each axis value's scenarios with a plan
 * and without, so the reader sees where along the axis plans stop being feasible. Private to
 * the report; reads in->sweep only.
 */
#ifndef FPT_HTML_INFEASIBLE_H
#define FPT_HTML_INFEASIBLE_H

#include <stdio.h>

#include "report/html/html_report.h"

/** Write " (budget 80, analysts 37)" after a count of infeasible scenarios; nothing when none. */
fpt_status fpt_html_write_reasons(FILE *out, const fpt_html_report_input *in);

/** Write, for each axis of the sweep, a table of its values with the scenarios that have a plan
 *  and those infeasible, by reason; nothing when no scenario is infeasible or there is no
 *  axis. Returns FPT_OK or FPT_ENOMEM. */
fpt_status fpt_html_write_axis_feasibility(FILE *out, const fpt_html_report_input *in);

#endif
