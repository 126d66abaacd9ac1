# SPDX-License-Identifier: MIT
# Writes data/england-outline.csv: the outline of England, and the land around it, for the maps
# of `footprint districts --format svg` and the HTML report (docs/data.md "Outline of England").
#
# It reads only the files of Debian's r-cran-rnaturalearthdata package (Natural Earth's
# 1:50m "Admin 0 - Details - map units", the layer that splits the United Kingdom into
# England, Scotland, Wales and Northern Ireland) and fetches nothing:
#
#   apt-get install r-cran-rnaturalearthdata
#   Rscript data/england-outline.R > data/england-outline.csv
#
# England is written whole. Every other map unit is kept only where one of its rings reaches
# the box around England below, clipped to that box (Sutherland-Hodgman against its four
# sides: the box is convex, so a clipped ring stays one ring, perhaps with edges running along
# the box, which lies outside every map's frame). Coordinates are WGS84 degrees, rounded to
# 4 decimal places (about 10 m; the 1:50m lines are accurate to about a kilometre).
suppressMessages(library(sp))

box <- c(lon_min = -8.0, lon_max = 3.0, lat_min = 49.0, lat_max = 56.5)

units <- new.env()
data("map_units50", package = "rnaturalearthdata", envir = units)
m <- get("map_units50", envir = units)
version <- as.character(packageVersion("rnaturalearthdata"))

# Keep the points of ring (an n x 2 matrix: lon, lat) on the inside of one side of the box.
clip_side <- function(ring, inside, cross) {
    n <- nrow(ring)
    if (n == 0) {
        return(ring)
    }
    out <- matrix(numeric(0), ncol = 2)
    for (k in seq_len(n)) {
        a <- ring[k, ]
        b <- ring[if (k == n) 1 else k + 1, ]
        if (inside(a)) {
            out <- rbind(out, a)
            if (!inside(b)) {
                out <- rbind(out, cross(a, b))
            }
        } else if (inside(b)) {
            out <- rbind(out, cross(a, b))
        }
    }
    unname(out)
}

# The point where segment a-b meets the line where coordinate axis equals value.
crossing <- function(axis, value) {
    function(a, b) {
        t <- (value - a[axis]) / (b[axis] - a[axis])
        p <- a + t * (b - a)
        p[axis] <- value
        p
    }
}

clip_box <- function(ring) {
    ring <- clip_side(ring, function(p) p[1] >= box[["lon_min"]], crossing(1, box[["lon_min"]]))
    ring <- clip_side(ring, function(p) p[1] <= box[["lon_max"]], crossing(1, box[["lon_max"]]))
    ring <- clip_side(ring, function(p) p[2] >= box[["lat_min"]], crossing(2, box[["lat_min"]]))
    clip_side(ring, function(p) p[2] <= box[["lat_max"]], crossing(2, box[["lat_max"]]))
}

reaches_box <- function(ring) {
    min(ring[, 1]) <= box[["lon_max"]] && max(ring[, 1]) >= box[["lon_min"]] &&
        min(ring[, 2]) <= box[["lat_max"]] && max(ring[, 2]) >= box[["lat_min"]]
}

ring_area <- function(ring) {
    x <- ring[, 1]
    y <- ring[, 2]
    j <- c(seq_along(x)[-1], 1)
    abs(sum(x * y[j] - x[j] * y)) / 2
}

# The rings of one map unit, as a data frame of land, ring, lon, lat (closing point dropped).
unit_rows <- function(k) {
    name <- as.character(m$geounit[k])
    rows <- list()
    for (p in m@polygons[[k]]@Polygons) {
        ring <- unname(p@coords)
        if (nrow(ring) > 1 && all(ring[1, ] == ring[nrow(ring), ])) {
            ring <- ring[-nrow(ring), , drop = FALSE]
        }
        if (p@hole || !reaches_box(ring)) {
            next
        }
        if (name != "England") {
            ring <- clip_box(ring)
        }
        if (nrow(ring) < 3 || ring_area(ring) < 1e-6) {
            next
        }
        rows[[length(rows) + 1]] <- data.frame(land = name, ring = length(rows),
                                               lon = ring[, 1], lat = ring[, 2])
    }
    do.call(rbind, rows)
}

names <- as.character(m$geounit)
order <- c(which(names == "England"), setdiff(order(names), which(names == "England")))
rows <- do.call(rbind, lapply(order, unit_rows))
if (any(grepl("[,\"]", rows$land))) {
    stop("a map unit's name needs quoting")
}
if (sum(rows$land == "England") < 100) {
    stop("England is missing from map_units50")
}

cat("# footprint outline: England, and the land around it, for the maps (docs/data.md \"Outline of England\").\n")
cat("# Source: Natural Earth, 1:50m Admin 0 - Details - map units (ne_50m_admin_0_map_units), as packaged in\n")
cat(sprintf("# the R package rnaturalearthdata %s (Debian: r-cran-rnaturalearthdata), object map_units50.\n", version))
cat("# Licence: Natural Earth is in the public domain; the R package is CC0. Made with Natural Earth.\n")
cat("# Written by: Rscript data/england-outline.R > data/england-outline.csv (reads only the installed package).\n")
cat("# land: the map unit (England whole; others only near England, clipped to longitude -8 to 3, latitude 49 to 56.5).\n")
cat("# ring: the ring's number within its land, from 0; lon, lat: WGS84 degrees, the ring's points in order.\n")
cat("land,ring,lon,lat\n")
cat(sprintf("%s,%d,%.4f,%.4f\n", rows$land, rows$ring, rows$lon, rows$lat), sep = "")
