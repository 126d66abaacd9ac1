/* SPDX-License-Identifier: MIT */
/*
 * Real units: the levels of a scenario that names a geography, made from its CCGs — each
 * CCG, the area teams (or STPs), the regions, one national unit, or a districting's
 * partition read back from `footprint districts --format csv` (docs/model.md "Real units").
 *
 * Runs during a scenario load, after the XML is read and before the levels are checked
 * and ordered: it reads the geography and partition files (paths relative to the
 * scenario file), groups the CCGs, picks each unit's centre and fills the figures the
 * appraisal reads — the population, each unit's population and CCG count, D_l and c_l.
 * Every problem is a file:line finding; nothing is printed.
 */
#ifndef FPT_REALUNITS_H
#define FPT_REALUNITS_H

#include <stddef.h>

#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/scenario.h"

/**
 * Make the real units of every level of s from its geography. Does nothing (FPT_OK) for a
 * scenario without a geography.
 * @return FPT_OK; FPT_EINVALID when a file cannot be read or holds a bad row, or a level
 *         cannot be made (every finding in d, every level tried); FPT_ENOMEM (said in err).
 * Thread safety: touches only its arguments and the files it reads.
 */
fpt_status fpt_scenario_make_units(fpt_scenario *s, fpt_diags *d, fpt_error *err);

/**
 * Give level lv the real units of an assignment of g's CCGs: unit_of[i] in 0..n_units-1
 * for CCG i (code order). centre[u] is unit u's centre CCG, or centre NULL to take each
 * unit's population-weighted 1-median (the member CCG nearest, person-km, to the others;
 * the lower code on a tie). Sets units (ordered by centre code), unit_of, n_units,
 * distance_km and customers; unit_pop is left to the caller (it needs the population).
 * Labels are label[u] when label is not NULL, else the centre CCG's name.
 * @return FPT_OK, FPT_ENOMEM, or FPT_EINVALID when a unit has no CCG.
 */
fpt_status fpt_level_set_units(fpt_level *lv, const fpt_geography *g, const size_t *unit_of,
                               size_t n_units, const size_t *centre, const char *const *label,
                               fpt_error *err);

/**
 * A grouped level's units as a partition of g (for maps and tables): centres, members,
 * populations and distances. g must be the geography the level was made from.
 * @return FPT_OK, FPT_ENOMEM, or FPT_EINTERNAL when the level has no units of g.
 */
fpt_status fpt_partition_from_level(const fpt_geography *g, const fpt_level *lv,
                                    fpt_partition **out, fpt_error *err);

/**
 * The distance at which a person of CCG i is counted from a centre δ km from its centroid:
 * sqrt(δ² + A_i / 2π), the root-mean-square distance from the centre of a person spread
 * evenly over a disc of the CCG's area A_i (docs/model.md "Real units"). Can't fail.
 */
double fpt_person_km(const fpt_ccg *c, double centroid_km);

#endif
