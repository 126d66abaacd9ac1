/* SPDX-License-Identifier: MIT */
/*
 * The sizing note (report/sizing_report.h) on hand-made curves: nothing when the least total
 * lies inside the range or at an edge that cannot move (1 unit, one unit per CCG); at an edge
 * of the range searched, a range reaching twice as far (or half as low) to try; at the last
 * or first K that could be districted, a wider tolerance; both edges when one point alone was
 * districted. (tests/cli/size_test.sh checks that the size table ends with it.)
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/sizing.h"
#include "report/sizing_report.h"

/* A curve over K = k_min … k_min + n − 1 of a geography of n_ccgs CCGs; districted[i] says
 * whether point i has a partition; best is the index of the least total. */
typedef struct curve {
    fpt_sizing z;
    fpt_sizing_point points[16];
    fpt_partition partition;
} curve;

static void make(curve *c, size_t k_min, const char *districted, long best, size_t n_ccgs)
{
    memset(c, 0, sizeof *c);
    c->partition.n_ccgs = n_ccgs;
    c->z.n_points = strlen(districted);
    c->z.points = c->points;
    c->z.best = best;
    for (size_t i = 0; i < c->z.n_points; i++) {
        c->points[i].k = k_min + i;
        c->points[i].partition = districted[i] == 'x' ? &c->partition : NULL;
        c->points[i].districting =
            districted[i] == 'x' ? FPT_DISTRICTS_OPTIMAL : FPT_DISTRICTS_INFEASIBLE;
    }
}

static char *note(curve *c)
{
    static char buf[1024]; /* one test per process: Criterion runs each apart */
    bool said = fpt_sizing_edge_note(&c->z, buf, sizeof buf);
    cr_expect(eq(int, said, buf[0] != '\0'));
    return buf;
}

Test(sizing_note, nothing_inside_the_range)
{
    curve c;
    make(&c, 2, "xxxxx", 2, 211);
    cr_expect(eq(str, note(&c), ""));
}

Test(sizing_note, nothing_without_a_best)
{
    curve c;
    make(&c, 2, "...", -1, 211);
    cr_expect(eq(str, note(&c), ""));
}

Test(sizing_note, the_top_of_the_range_suggests_twice_as_far)
{
    curve c;
    make(&c, 2, "xxxx", 3, 211);
    cr_expect(eq(str, note(&c),
                 "The least weighted total is at the top of the range searched (5 units): more "
                 "units may do better still; try --units 2..10."));
}

Test(sizing_note, the_wider_range_stops_at_one_unit_per_ccg)
{
    curve c;
    make(&c, 2, "xxxx", 3, 8);
    cr_expect(strstr(note(&c), "try --units 2..8.") != NULL, "%s", note(&c));
    make(&c, 5, "xxxx", 3, 8);
    cr_expect(eq(str, note(&c), ""), "8 units of 8 CCGs cannot grow");
}

Test(sizing_note, the_bottom_of_the_range_suggests_half_as_low)
{
    curve c;
    make(&c, 6, "xxxx", 0, 211);
    cr_expect(eq(str, note(&c),
                 "The least weighted total is at the bottom of the range searched (6 units): "
                 "fewer units may do better still; try --units 3..9."));
    make(&c, 1, "xxxx", 0, 211);
    cr_expect(eq(str, note(&c), ""), "1 unit cannot shrink");
}

Test(sizing_note, infeasible_neighbours_suggest_a_wider_tolerance)
{
    curve c;
    make(&c, 2, "xxx..", 2, 211);
    cr_expect(eq(str, note(&c),
                 "The least weighted total is at the largest number of units that could be "
                 "districted (4; 5 to 6 were infeasible within the tolerance): a wider "
                 "--tolerance may find lower totals."));
    make(&c, 2, "..xxx", 2, 211);
    cr_expect(strstr(note(&c), "smallest number of units that could be districted (4; 2 to 3") !=
              NULL);
}

Test(sizing_note, a_lone_point_is_at_both_edges)
{
    curve c;
    make(&c, 2, ".x.", 1, 211);
    const char *n = note(&c);
    cr_expect(strstr(n, "smallest number") != NULL && strstr(n, "largest number") != NULL, "%s", n);
}
