/* SPDX-License-Identifier: MIT */
/*
 * Internal to the report module: how the why of a plan (footprint/why.h) appears in the
 * table, CSV and JSON, and in the HTML report's words. Not a public header; it renders only
 * into the stream or buffer it is given.
 */
#ifndef FPT_REPORT_WHY_H
#define FPT_REPORT_WHY_H

#include <jansson.h>
#include <stdio.h>

#include "footprint/report.h"

/** Write "£163", "£40k" or "£1.23m" (a sign when negative) into buf. */
void fpt_why_money(char *buf, size_t size, double gbp);

/** Return the name of a price's kind: "chosen", "plan", "locked", "infeasible" or "unsolved". */
const char *fpt_why_price_name(fpt_price_kind k);

/** Return what holds a held function: "budget", "pool" or "locks". */
const char *fpt_why_held_name(const fpt_why_function *fn);

/** Write the CSV columns the why adds, after the chosen level's terms (no leading comma). */
void fpt_why_csv_header(FILE *out, const fpt_scenario *s);

/** Write function f's why columns (each preceded by a comma); empty fields when why is NULL
 *  or f == n_functions (the total row). */
void fpt_why_csv_fields(FILE *out, const fpt_report_input *in, size_t f);

/** Return function f's "why" object of the JSON output (new reference). */
json_t *fpt_why_function_json(const fpt_report_input *in, size_t f);

/** Return the plan's "why" object of the JSON output: the settings and counts (new ref). */
json_t *fpt_why_plan_json(const fpt_report_input *in);

/** Write one sentence on what blocks function f at level l (an infeasible price) into buf. */
void fpt_why_blocked_text(const fpt_report_input *in, size_t f, size_t l, char *buf, size_t size);

#endif
