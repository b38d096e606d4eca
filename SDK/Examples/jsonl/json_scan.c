/* json_scan.c: a one-pass strict JSON validator with top-level member extraction.
 *
 * A recursive-descent scanner over the grammar of RFC 8259. It allocates nothing; it only
 * moves a cursor and, at the top level, records where wanted members are. Recursion depth is
 * bounded by JS_MAX_DEPTH.
 */
#include "json_scan.h"

#include <stdlib.h>
#include <string.h>

/* The scanner's state: where it is, where the text ends, and where to put a failure. */
typedef struct scanner {
  const uint8_t *start;
  const uint8_t *p;
  const uint8_t *end;
  int depth;
  js_error *err;
} scanner;

static bool scan_value(scanner *s, js_value *out);

/* Records the first failure; later ones would only describe its consequences. */
static bool fail(scanner *s, const char *reason) {
  if (s->err->reason == NULL) {
    s->err->reason = reason;
    s->err->offset = (size_t)(s->p - s->start);
  }
  return false;
}

static void skip_whitespace(scanner *s) {
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) {
    s->p++;
  }
}

/* Consumes `word` (true, false, null) exactly. */
static bool scan_literal(scanner *s, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0) {
    return fail(s, "invalid literal (expected true, false or null)");
  }
  s->p += n;
  return true;
}

static bool scan_digits(scanner *s) {
  if (s->p >= s->end || *s->p < '0' || *s->p > '9') {
    return fail(s, "invalid number: a digit is missing");
  }
  while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
    s->p++;
  }
  return true;
}

/* -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? ; leading zeros, "+1", ".5" are refused. */
static bool scan_number(scanner *s) {
  if (*s->p == '-') {
    s->p++;
  }
  if (s->p < s->end && *s->p == '0') {
    s->p++;
    if (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
      return fail(s, "invalid number: leading zero");
    }
  } else if (!scan_digits(s)) {
    return false;
  }
  if (s->p < s->end && *s->p == '.') {
    s->p++;
    if (!scan_digits(s)) {
      return false;
    }
  }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
    s->p++;
    if (s->p < s->end && (*s->p == '+' || *s->p == '-')) {
      s->p++;
    }
    if (!scan_digits(s)) {
      return false;
    }
  }
  return true;
}

/* Reads the four hex digits after "\u" at `p` (the caller checked they are in bounds);
 * -1 when one is not a hex digit. */
static long read_hex4(const uint8_t *p) {
  long v = 0;
  for (int i = 0; i < 4; i++) {
    uint8_t c = p[i];
    int h = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/* Checks one UTF-8 sequence starting at s->p (a byte >= 0x80): no overlong forms, no
 * surrogates, nothing above U+10FFFF. The host and every sink expect valid UTF-8. */
static bool scan_utf8(scanner *s) {
  const uint8_t *p = s->p;
  size_t left = (size_t)(s->end - p);
  uint8_t c = p[0];
  size_t n;
  uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    else if (c == 0xED) hi = 0x9F; /* U+D800..U+DFFF */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;      /* overlong */
    else if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
  } else {
    return fail(s, "invalid UTF-8 byte");
  }
  if (left < n || p[1] < lo || p[1] > hi) {
    return fail(s, "invalid UTF-8 sequence");
  }
  for (size_t i = 2; i < n; i++) {
    if (p[i] < 0x80 || p[i] > 0xBF) {
      return fail(s, "invalid UTF-8 sequence");
    }
  }
  s->p += n;
  return true;
}

/* Bytes a string's fast loop may pass over: printable ASCII except '"' and '\\'. One table
 * load per byte instead of four comparisons; most of a record's bytes are string text. */
static const unsigned char plain_byte[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x20 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x30 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x50 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x70 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x80 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x90 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xA0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xB0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xC0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xD0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xE0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xF0 */
};

/* Consumes a string starting at its opening quote. */
static bool scan_string(scanner *s) {
  s->p++; /* the opening quote */
  for (;;) {
    /* The common case, plain printable ASCII, in a tight loop. */
    while (s->p < s->end && plain_byte[*s->p]) {
      s->p++;
    }
    if (s->p >= s->end) {
      return fail(s, "unterminated string");
    }
    uint8_t c = *s->p;
    if (c == '"') {
      s->p++;
      return true;
    }
    if (c < 0x20) {
      return fail(s, "control character in string (escape it, e.g. \\n)");
    }
    if (c >= 0x80) {
      if (!scan_utf8(s)) return false;
      continue;
    }
    /* A backslash escape. */
    if (s->end - s->p < 2) {
      return fail(s, "unterminated string");
    }
    uint8_t e = s->p[1];
    if (e != 'u') {
      if (strchr("\"\\/bfnrt", e) == NULL || e == 0) {
        return fail(s, "invalid escape in string");
      }
      s->p += 2;
      continue;
    }
    long u = s->end - s->p >= 6 ? read_hex4(s->p + 2) : -1;
    if (u < 0) {
      return fail(s, "invalid \\u escape (needs four hex digits)");
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
      return fail(s, "lone low surrogate in \\u escape");
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
      bool paired = s->end - s->p >= 12 && s->p[6] == '\\' && s->p[7] == 'u';
      long low = paired ? read_hex4(s->p + 8) : -1;
      if (low < 0xDC00 || low > 0xDFFF) {
        return fail(s, "high surrogate \\u escape without its low surrogate");
      }
      s->p += 12;
    } else {
      s->p += 6;
    }
  }
}

/* Does the raw member name (between the quotes) spell `want`? Escaped names are decoded
 * first, so "k\u0065y" still means "key". */
static bool name_is(const uint8_t *raw, size_t len, const char *want) {
  size_t want_len = strlen(want);
  if (memchr(raw, '\\', len) == NULL) {
    return len == want_len && memcmp(raw, want, len) == 0;
  }
  uint8_t decoded[256];
  if (len > sizeof decoded) {
    return false;
  }
  size_t n = js_unescape(raw, len, decoded);
  return n == want_len && memcmp(decoded, want, n) == 0;
}

/* Consumes an object. At the top level (`fields` not NULL) it also records wanted members. */
static bool scan_object(scanner *s, js_field *fields, size_t field_count, js_value *unknown) {
  s->p++; /* '{' */
  skip_whitespace(s);
  if (s->p < s->end && *s->p == '}') {
    s->p++;
    return true;
  }
  for (;;) {
    if (s->p >= s->end || *s->p != '"') {
      return fail(s, "expected a member name in quotes");
    }
    const uint8_t *name = s->p;
    if (!scan_string(s)) return false;
    size_t name_len = (size_t)(s->p - name);
    skip_whitespace(s);
    if (s->p >= s->end || *s->p != ':') {
      return fail(s, "expected ':' after a member name");
    }
    s->p++;
    skip_whitespace(s);
    js_value value;
    if (!scan_value(s, &value)) return false;
    if (fields != NULL) {
      size_t i = 0;
      while (i < field_count && !name_is(name + 1, name_len - 2, fields[i].name)) i++;
      if (i < field_count) {
        if (fields[i].value.type != JS_ABSENT) {
          s->p = name;
          return fail(s, "a member the connector reads appears twice");
        }
        fields[i].value = value;
      } else if (unknown != NULL && unknown->type == JS_ABSENT) {
        *unknown = (js_value){JS_STRING, name, name_len};
      }
    }
    skip_whitespace(s);
    if (s->p < s->end && *s->p == ',') {
      s->p++;
      skip_whitespace(s);
      continue;
    }
    if (s->p < s->end && *s->p == '}') {
      s->p++;
      return true;
    }
    return fail(s, "expected ',' or '}' in object");
  }
}

static bool scan_array(scanner *s) {
  s->p++; /* '[' */
  skip_whitespace(s);
  if (s->p < s->end && *s->p == ']') {
    s->p++;
    return true;
  }
  for (;;) {
    js_value ignored;
    if (!scan_value(s, &ignored)) return false;
    skip_whitespace(s);
    if (s->p < s->end && *s->p == ',') {
      s->p++;
      skip_whitespace(s);
      continue;
    }
    if (s->p < s->end && *s->p == ']') {
      s->p++;
      return true;
    }
    return fail(s, "expected ',' or ']' in array");
  }
}

/* Consumes one value (no surrounding whitespace) and says what and where it was. */
static bool scan_value(scanner *s, js_value *out) {
  if (s->p >= s->end) {
    return fail(s, "unexpected end of text, expected a value");
  }
  const uint8_t *begin = s->p;
  bool ok;
  switch (*s->p) {
    case '{':
    case '[':
      if (s->depth >= JS_MAX_DEPTH) {
        return fail(s, "nesting too deep");
      }
      s->depth++;
      out->type = *s->p == '{' ? JS_OBJECT : JS_ARRAY;
      ok = *s->p == '{' ? scan_object(s, NULL, 0, NULL) : scan_array(s);
      s->depth--;
      break;
    case '"': out->type = JS_STRING; ok = scan_string(s); break;
    case 't': out->type = JS_TRUE; ok = scan_literal(s, "true"); break;
    case 'f': out->type = JS_FALSE; ok = scan_literal(s, "false"); break;
    case 'n': out->type = JS_NULL; ok = scan_literal(s, "null"); break;
    default:
      if (*s->p != '-' && (*s->p < '0' || *s->p > '9')) {
        return fail(s, "unexpected character, expected a value");
      }
      out->type = JS_NUMBER;
      ok = scan_number(s);
  }
  out->raw = begin;
  out->raw_len = (size_t)(s->p - begin);
  return ok;
}

bool js_scan_object(const uint8_t *text, size_t len, js_field *fields, size_t field_count,
                    js_value *unknown, js_error *err) {
  scanner s = {text, text, text + len, 1, err};
  err->reason = NULL;
  err->offset = 0;
  for (size_t i = 0; i < field_count; i++) {
    fields[i].value = (js_value){JS_ABSENT, NULL, 0};
  }
  if (unknown != NULL) {
    *unknown = (js_value){JS_ABSENT, NULL, 0};
  }
  skip_whitespace(&s);
  if (s.p >= s.end || *s.p != '{') {
    return fail(&s, "not a JSON object");
  }
  if (!scan_object(&s, fields, field_count, unknown)) {
    return false;
  }
  skip_whitespace(&s);
  if (s.p != s.end) {
    return fail(&s, "text after the end of the object");
  }
  return true;
}

/* Appends code point `cp` to `out` as UTF-8; returns the bytes written. */
static size_t put_utf8(uint8_t *out, unsigned long cp) {
  if (cp < 0x80) {
    out[0] = (uint8_t)cp;
    return 1;
  }
  size_t n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  static const uint8_t lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
  for (size_t i = n - 1; i > 0; i--, cp >>= 6) {
    out[i] = (uint8_t)(0x80 | (cp & 0x3F));
  }
  out[0] = (uint8_t)(lead[n] | cp);
  return n;
}

size_t js_unescape(const uint8_t *raw, size_t len, uint8_t *out) {
  size_t i = 0, n = 0;
  while (i < len) {
    if (raw[i] != '\\') {
      out[n++] = raw[i++];
      continue;
    }
    uint8_t e = raw[i + 1];
    if (e != 'u') {
      static const char from[] = "\"\\/bfnrt";
      static const char to[] = "\"\\/\b\f\n\r\t";
      out[n++] = (uint8_t)to[strchr(from, e) - from];
      i += 2;
      continue;
    }
    unsigned long cp = (unsigned long)read_hex4(raw + i + 2);
    i += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) { /* validated: a low surrogate follows */
      unsigned long low = (unsigned long)read_hex4(raw + i + 2);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 6;
    }
    n += put_utf8(out + n, cp);
  }
  return n;
}

bool js_string_value(const js_value *value, const uint8_t **out, size_t *out_len,
                     uint8_t **owned) {
  const uint8_t *inner = value->raw + 1;
  size_t inner_len = value->raw_len - 2;
  *owned = NULL;
  if (memchr(inner, '\\', inner_len) == NULL) {
    *out = inner;
    *out_len = inner_len;
    return true;
  }
  /* +1 so a NUL can follow: callers that need a C string (paths) get one. */
  uint8_t *buffer = malloc(inner_len + 1);
  if (buffer == NULL) {
    return false;
  }
  *out_len = js_unescape(inner, inner_len, buffer);
  buffer[*out_len] = 0;
  *out = buffer;
  *owned = buffer;
  return true;
}
