/* SPDX-License-Identifier: MIT */
/*
 * Test helper for the command-line tests: prints one value of a JSON file, so that a shell
 * test can check a report's structure without a JSON tool installed.
 *
 *   json_get FILE PATH
 *
 * PATH is dot-separated: object keys and array indices (0-based), e.g. levels.3.real_units.
 * A last component "#" prints the length of the array or object reached before it. Strings
 * print raw, integers in decimal, reals with 17 significant digits, then true, false, null.
 * Exits 1 when the file cannot be parsed or the path leads nowhere.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const json_t *step(const json_t *at, const char *key)
{
    if (json_is_array(at)) {
        char *end = NULL;
        long i = strtol(key, &end, 10);
        return end != key && *end == '\0' && i >= 0 ? json_array_get(at, (size_t)i) : NULL;
    }
    return json_is_object(at) ? json_object_get(at, key) : NULL;
}

static int print(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        printf("%s\n", json_string_value(v));
        return 0;
    case JSON_INTEGER:
        printf("%" JSON_INTEGER_FORMAT "\n", json_integer_value(v));
        return 0;
    case JSON_REAL:
        printf("%.17g\n", json_real_value(v));
        return 0;
    case JSON_TRUE:
        printf("true\n");
        return 0;
    case JSON_FALSE:
        printf("false\n");
        return 0;
    case JSON_NULL:
        printf("null\n");
        return 0;
    default:
        fprintf(stderr, "json_get: the path leads to an array or object (add .# for its size)\n");
        return 1;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: json_get FILE PATH\n");
        return 2;
    }
    json_error_t error;
    json_t *root = json_load_file(argv[1], 0, &error);
    if (root == NULL) {
        fprintf(stderr, "json_get: %s:%d: %s\n", argv[1], error.line, error.text);
        return 1;
    }
    char *path = strdup(argv[2]);
    const json_t *at = root;
    int status = 0;
    for (char *save = NULL, *key = strtok_r(path, ".", &save); key != NULL && status == 0;
         key = strtok_r(NULL, ".", &save)) {
        if (strcmp(key, "#") == 0) {
            if (json_is_array(at)) {
                printf("%zu\n", json_array_size(at));
            } else if (json_is_object(at)) {
                printf("%zu\n", json_object_size(at));
            } else {
                fprintf(stderr, "json_get: '#' after a value that has no size\n");
                status = 1;
            }
            at = NULL;
            break;
        }
        at = step(at, key);
        if (at == NULL) {
            fprintf(stderr, "json_get: nothing at '%s' in %s\n", key, argv[2]);
            status = 1;
        }
    }
    if (status == 0 && at != NULL) {
        status = print(at);
    }
    free(path);
    json_decref(root);
    return status;
}
