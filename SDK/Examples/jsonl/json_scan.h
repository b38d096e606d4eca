/* json_scan.h: a small strict JSON validator that also picks top-level members out of an
 * object, for the jsonl example connector.
 *
 * Records cross the mlc ABI as JSON text, and this connector mostly passes that text through
 * byte for byte. It only needs to know that a line *is* one well-formed JSON object and to
 * read a few top-level strings ("key", "cursor", "updated_at", "entity", the config fields).
 * So instead of building a tree it validates in one pass (RFC 8259, UTF-8 checked, lone
 * surrogates refused, nesting bounded) and remembers where the wanted members are.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hidden: these helpers are not part of the connector's exported ABI. */
#pragma GCC visibility push(hidden)

/* The kind of a JSON value. 0 (JS_ABSENT) means "the member was not there". */
typedef enum js_type {
  JS_ABSENT = 0,
  JS_STRING,
  JS_NUMBER,
  JS_OBJECT,
  JS_ARRAY,
  JS_TRUE,
  JS_FALSE,
  JS_NULL
} js_type;

/* One value found in the text: its kind and its exact bytes (a string's include the quotes).
 * `raw` points into the scanned text and lives as long as that text. */
typedef struct js_value {
  js_type type;
  const uint8_t *raw;
  size_t raw_len;
} js_value;

/* A top-level member the caller wants: set `name`, read `value` after a scan. */
typedef struct js_field {
  const char *name;
  js_value value;
} js_field;

/* Why a scan failed: a short static reason and the byte offset where it was noticed. */
typedef struct js_error {
  const char *reason;
  size_t offset;
} js_error;

/* Nesting deeper than this is refused, so a hostile line cannot exhaust the stack. */
#define JS_MAX_DEPTH 256

/* Validates that `text` is exactly one JSON object (whitespace around it allowed) and fills
 * in `fields[i].value` for each wanted top-level member (JS_ABSENT when missing). A wanted
 * member that appears twice is an error: which one a reader would pick is ambiguous. When
 * `unknown` is not NULL it receives the name (a JS_STRING value) of the first member that is
 * not in `fields`, or JS_ABSENT. Returns false and fills `*err` when the text is invalid. */
bool js_scan_object(const uint8_t *text, size_t len, js_field *fields, size_t field_count,
                    js_value *unknown, js_error *err);

/* Gives the decoded bytes of a JS_STRING value from a successful scan. When the string has no
 * escapes the result points into the scanned text and `*owned` is NULL; otherwise it is
 * decoded into a new buffer that the caller frees as `*owned`. Returns false only when out of
 * memory. */
bool js_string_value(const js_value *value, const uint8_t **out, size_t *out_len,
                     uint8_t **owned);

/* Decodes the contents of a validated JSON string (the bytes between the quotes) into `out`,
 * which must hold `len` bytes (decoding never grows text). Returns the decoded length. */
size_t js_unescape(const uint8_t *raw, size_t len, uint8_t *out);

#pragma GCC visibility pop
