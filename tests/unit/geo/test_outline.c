/* SPDX-License-Identifier: MIT */
/*
 * The outline of England (geo/outline.h): the compiled-in data/england-outline.csv parses,
 * is the file in data/ byte for byte, holds England first with an area close to the sum of
 * the CCGs' boundary areas, and Wales and Scotland beside it; and the parser refuses each
 * kind of bad text with its line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "base/csv.h"
#include "geo/outline.h"

extern const char fpt_england_outline_csv[];
extern const size_t fpt_england_outline_csv_len;

Test(outline, the_compiled_in_outline_is_the_data_file)
{
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_file_read(FPT_SOURCE_DIR "/data/england-outline.csv", &text, &len, &err),
                 FPT_OK));
    cr_expect(eq(sz, len, fpt_england_outline_csv_len));
    cr_expect(memcmp(text, fpt_england_outline_csv, len) == 0);
    free(text);
}

static size_t points(const fpt_outline_land *land)
{
    size_t n = 0;
    for (size_t r = 0; r < land->region.n_rings; r++) {
        n += land->region.rings[r].n;
    }
    return n;
}

Test(outline, england_comes_first_with_its_neighbours)
{
    fpt_outline *o = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outline_england(&o, &err), FPT_OK), "%s", err.message);
    cr_assert(o->n_lands >= 3);
    cr_expect(eq(str, o->lands[0].name, "England"));
    cr_expect(points(&o->lands[0]) >= 250, "England has %zu points", points(&o->lands[0]));
    cr_expect(fpt_outline_find(o, "Wales") != NULL);
    cr_expect(fpt_outline_find(o, "Scotland") != NULL);
    cr_expect(fpt_outline_find(o, "Atlantis") == NULL);
    /* Every point of England lies in the box of docs/geography.md (49.5–56 N, 7 W–2 E). */
    const fpt_region *e = &o->lands[0].region;
    for (size_t r = 0; r < e->n_rings; r++) {
        for (size_t k = 0; k < e->rings[r].n; k++) {
            fpt_xy p = e->rings[r].pts[k];
            cr_expect(p.x >= -7 && p.x <= 2 && p.y >= 49.5 && p.y <= 56, "(%g, %g)", p.x, p.y);
        }
    }
    fpt_outline_free(o);
}

/* England's area on the maps' plane, in km², against the 211 CCGs of 2013: 130,040 km²
 * (docs/data.md). The 1:50m outline is coarser, so within 2%. */
Test(outline, england_has_about_the_area_of_its_ccgs)
{
    fpt_outline *o = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outline_england(&o, &err), FPT_OK));
    double kx = cos(52.9 * 3.14159265358979323846 / 180), km2 = 111.195 * 111.195 * kx;
    double area = fpt_region_area(&o->lands[0].region) * km2;
    cr_expect(fabs(area - 130040) < 0.02 * 130040, "England is %.0f km²", area);
    fpt_outline_free(o);
}

static void refused(const char *text, long line)
{
    fpt_outline *o = (fpt_outline *)&o;
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outline_parse("t.csv", text, strlen(text), &o, &err), FPT_EINVALID),
              "accepted: %s", text);
    cr_expect(o == NULL);
    cr_expect(eq(long, err.line, line), "%s: %s", text, err.message);
    cr_expect(strstr(err.message, "land,ring,lon,lat") != NULL, "%s", err.message);
}

Test(outline, the_parser_refuses_bad_text_at_its_line)
{
    refused("land,ring,x,y\nA,0,0,0\n", 1);
    refused("land,ring,lon,lat\nA,0,0,0\nA,0,1,0\nB,0,0,0\nB,0,1,0\nB,0,1,1\n", 4);
    refused("land,ring,lon,lat\nA,0,0,0\nA,0,1,0\nA,0,1,1\nB,0,0,0\nB,0,1,0\nB,0,1,1\n"
            "A,0,5,5\n",
            8);
    refused("# c\nland,ring,lon,lat\nA,1,0,0\n", 3);
    refused("land,ring,lon,lat\nA,0,0,0\nA,0,zero,0\n", 3);
    refused("land,ring,lon,lat\nA,0,0,0\nA,0,0,91\n", 3);
    refused("land,ring,lon,lat\nA,0.5,0,0\n", 2);
    refused("land,ring,lon,lat\n,0,0,0\n", 2);
    refused("land,ring,lon,lat\nA,0,0\n", 2);
    refused("# nothing\nland,ring,lon,lat\n", 0);
}

Test(outline, the_parser_reads_lands_and_rings)
{
    const char *text = "# a comment\nland,ring,lon,lat\nA,0,0,0\nA,0,1,0\nA,0,1,1\n"
                       "A,1,5,5\nA,1,6,5\nA,1,6,6\nA,1,5,6\nB,0,-1,-1\nB,0,-2,-1\nB,0,-2,-2\n";
    fpt_outline *o = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outline_parse("t.csv", text, strlen(text), &o, &err), FPT_OK), "%s",
              err.message);
    cr_assert(eq(sz, o->n_lands, 2));
    cr_expect(eq(sz, o->lands[0].region.n_rings, 2));
    cr_expect(eq(sz, o->lands[0].region.rings[1].n, 4));
    cr_expect(ieee_ulp_eq(dbl, fpt_region_area(&o->lands[0].region), 1.5, 4));
    cr_expect(eq(str, o->lands[1].name, "B"));
    fpt_outline_free(o);
}
