/* SPDX-License-Identifier: MIT */
/*
 * The whole public API of libfootprint in one include: load a model and a scenario
 * (load.h), appraise them (appraise.h), solve (solve.h), drive sweeps, weight stability and
 * sizing curves (sweep.h, stability.h, sizing.h), explain a plan (why.h), find a sweep's
 * robust plan (robust.h), district a geography (districts.h) and render the results
 * (report.h, diff.h). docs/architecture.md describes the layers; each header states its own
 * contracts. None of them exposes a GLPK, libxml2 or Jansson type.
 */
#ifndef FPT_FOOTPRINT_H
#define FPT_FOOTPRINT_H

#include "footprint/appraise.h"
#include "footprint/diff.h"
#include "footprint/districts.h"
#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "footprint/model.h"
#include "footprint/progress.h"
#include "footprint/report.h"
#include "footprint/robust.h"
#include "footprint/scenario.h"
#include "footprint/sizing.h"
#include "footprint/solution.h"
#include "footprint/solve.h"
#include "footprint/stability.h"
#include "footprint/sweep.h"
#include "footprint/variant.h"
#include "footprint/why.h"

#endif
