#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The maps, as a browser draws them: map_render_test.sh CASE FOOTPRINT SOURCE_DIR PNG_STATS.
#   districts  footprint districts data/ccg2021.csv --units 4 --format svg: the SVG file
#   report     footprint solve … real2013-area-teams.xml --report: the 25 area teams and the 4
#              regions of 2013 in the HTML report
# Headless Chromium (Debian's chromium, installed by quickstart.sh) loads the map(s) with
# tests/cli/map_check.js and dumps the page: no text may run off the viewBox of the picture
# (a label off its map's frame), no two texts may overlap, England's outline must be drawn,
# and every unit must have its territory, label and legend row. Then Chromium screenshots
# the page and fpt-png-stats checks that the sea, the land around England and every
# territory's colour (read from the SVG) are there. Label `render`: a missing chromium fails.
set -u
case_name=$1
fp=$2
src=$3
png_stats=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL [map-$case_name]: $*" >&2
    for f in "$work"/*.log; do
        [ -e "$f" ] && { echo "--- $(basename "$f")" >&2; tail -30 "$f" >&2; }
    done
    exit 1
}

chrome() { # chrome ARGS... (a fresh profile each time; nothing from the network)
    HOME=$work timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

# The page to check: the maps and, before </body>, map_check.js.
case $case_name in
districts)
    "$fp" districts "$src/data/ccg2021.csv" --units 4 --format svg --output "$work/map.svg" \
        >"$work/footprint.log" 2>&1 || fail "footprint districts exited $?"
    want_maps=1
    want_units=(4)
    {
        echo '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        sed 1d "$work/map.svg" # the XML declaration
        echo '</body></html>'
    } >"$work/page.html"
    ;;
report)
    "$fp" solve "$src/models/england2013.xml" "$src/scenarios/real2013-area-teams.xml" \
        --report "$work/page.html" >"$work/footprint.log" 2>&1 || fail "footprint solve exited $?"
    want_maps=2
    want_units=(25 4)
    ;;
*)
    fail "unknown case"
    ;;
esac
command -v chromium >/dev/null 2>&1 || fail "chromium is not installed (quickstart.sh installs it)"
{
    sed 's|</body>||' "$work/page.html"
    printf '<script>\n'
    cat "$src/tests/cli/map_check.js"
    printf '</script>\n</body>\n'
} >"$work/check.html"
chrome --dump-dom "file://$work/check.html" >"$work/dom.html" || fail "chromium exited $?"
sed -n '/<pre id="map-check">/,/<\/pre>/p' "$work/dom.html" | sed 's/<[^>]*>//g' >"$work/check.log"
grep -q '^HEIGHT' "$work/check.log" || fail "map_check.js did not run"
! grep -E '^(OUTSIDE|OVERLAP|NO-OUTLINE)' "$work/check.log" || fail "the maps are drawn wrong"
[ "$(grep -c '^MAP ' "$work/check.log")" -eq "$want_maps" ] || fail "expected $want_maps maps"
for m in $(seq 0 $((want_maps - 1))); do
    k=${want_units[$m]}
    grep -q "^MAP $m units $k labels $k legend $k\$" "$work/check.log" ||
        fail "map $m: expected $k territories, labels and legend rows"
done
cat "$work/check.log"

# The screenshot: the whole page, every territory's colour in it.
height=$(sed -n 's/^HEIGHT //p' "$work/check.log")
chrome --screenshot="$work/page.png" --window-size="1200,$((height + 20))" \
    "file://$work/page.html" >/dev/null || fail "chromium exited $?"
[ -s "$work/page.png" ] || fail "chromium wrote no screenshot"
colours=(dcebf5:20000 e2e2e2:5000) # the sea; the land around England
for fill in $(grep -o 'class="unit" fill="#[0-9a-f]*"' "$work/page.html" | sed 's/.*#//; s/"//' |
    sort -u); do
    colours+=("$fill:150")
done
[ "${#colours[@]}" -gt 3 ] || fail "no territories in the page"
"$png_stats" "$work/page.png" 64 30 "${colours[@]}" >"$work/png_stats.log" 2>&1 ||
    fail "the screenshot lacks a colour"
cat "$work/png_stats.log"
