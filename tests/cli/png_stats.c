/* SPDX-License-Identifier: MIT */
/*
 * Test helper for html_render_test.sh: decodes a PNG screenshot with libpng and says whether
 * anything was drawn. Prints the size, the number of distinct colours, the share of pixels
 * that are not white and of those that are dark (text), and for each RRGGBB given the number
 * of pixels of exactly that colour (a chart's fill). Exits 1 when the image cannot be read,
 * has fewer than MIN_COLOURS colours or less than MIN_INK per mille of non-white pixels, or a
 * given colour has fewer pixels than asked.
 *
 *   png_stats FILE MIN_COLOURS MIN_INK [RRGGBB:MIN_PIXELS ...]
 */
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stats {
    size_t colours;
    size_t non_white;
    size_t dark;
} stats;

static uint32_t pixel_at(const unsigned char *rgb, size_t i)
{
    return (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
}

static int count(const unsigned char *rgb, size_t n, stats *s)
{
    unsigned char *seen = calloc(1u << 21, 1); /* one bit per 24-bit colour */
    if (seen == NULL) {
        return -1;
    }
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = pixel_at(rgb, i);
        unsigned r = c >> 16, g = (c >> 8) & 0xff, b = c & 0xff;
        if (!(seen[c >> 3] & (1u << (c & 7)))) {
            seen[c >> 3] |= (unsigned char)(1u << (c & 7));
            s->colours++;
        }
        s->non_white += r < 245 || g < 245 || b < 245;
        s->dark += (299 * r + 587 * g + 114 * b) / 1000 < 96;
    }
    free(seen);
    return 0;
}

static size_t count_colour(const unsigned char *rgb, size_t n, uint32_t colour)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        k += pixel_at(rgb, i) == colour;
    }
    return k;
}

/* Check each RRGGBB:MIN argument; returns the number that fail. */
static int check_colours(const unsigned char *rgb, size_t n, int argc, char **argv)
{
    int failed = 0;
    for (int a = 0; a < argc; a++) {
        unsigned colour = 0;
        unsigned long min = 0;
        if (sscanf(argv[a], "%6x:%lu", &colour, &min) != 2) {
            fprintf(stderr, "png_stats: bad colour argument '%s'\n", argv[a]);
            return 1;
        }
        size_t k = count_colour(rgb, n, colour);
        printf("#%06x %zu pixels (want >= %lu)\n", colour, k, min);
        failed += k < min;
    }
    return failed;
}

static unsigned char *read_rgb(const char *path, size_t *n_pixels, unsigned *w, unsigned *h)
{
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path)) {
        fprintf(stderr, "png_stats: %s: %s\n", path, image.message);
        return NULL;
    }
    image.format = PNG_FORMAT_RGB; /* any transparency composed onto white, below */
    unsigned char *rgb = malloc(PNG_IMAGE_SIZE(image));
    png_color white = {255, 255, 255};
    if (rgb == NULL || !png_image_finish_read(&image, &white, rgb, 0, NULL)) {
        fprintf(stderr, "png_stats: %s: %s\n", path, rgb == NULL ? "out of memory" : image.message);
        free(rgb);
        png_image_free(&image);
        return NULL;
    }
    *w = image.width;
    *h = image.height;
    *n_pixels = (size_t)image.width * image.height;
    return rgb;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: png_stats FILE MIN_COLOURS MIN_INK [RRGGBB:MIN_PIXELS ...]\n");
        return 2;
    }
    size_t n = 0;
    unsigned w = 0, h = 0;
    unsigned char *rgb = read_rgb(argv[1], &n, &w, &h);
    stats s;
    if (rgb == NULL || n == 0 || count(rgb, n, &s) != 0) {
        free(rgb);
        return 1;
    }
    double ink = 1000.0 * (double)s.non_white / (double)n;
    printf("%ux%u colours %zu non-white %.1f per mille dark %.1f per mille\n", w, h, s.colours, ink,
           1000.0 * (double)s.dark / (double)n);
    int failed = check_colours(rgb, n, argc - 4, argv + 4);
    free(rgb);
    if (s.colours < strtoul(argv[2], NULL, 10) || ink < strtod(argv[3], NULL)) {
        fprintf(stderr, "png_stats: %s looks blank\n", argv[1]);
        return 1;
    }
    return failed > 0 ? 1 : 0;
}
