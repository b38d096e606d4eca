/* source.c: reading `<dir>/<entity>.jsonl` back in cursor order.
 *
 * The host keeps a high-water mark per entity and asks for records whose cursor is >= it, so
 * a source must emit in non-decreasing cursor order. A JSON Lines file is in whatever order it
 * was written, so `read_open` maps the file, indexes every line (cursor, key, where the line
 * is), drops what is older than `since`, and sorts; `read_next` then hands out pages of lines
 * straight from the map, bytes unchanged.
 */
#define _POSIX_C_SOURCE 200809L

#include "jsonl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What sorting needs to know about one line. The cursor and key bytes (decoded) sit next to
 * each other in the reader's arena, which is smaller and more cache-friendly than the map. */
typedef struct source_record {
  uint64_t line_off;    /* Where the line starts in the map. */
  uint64_t line_number; /* For messages. */
  uint64_t text_off;    /* Cursor bytes, then key bytes, in the arena. */
  uint32_t line_len;
  uint32_t cursor_len;
  uint32_t key_len;
  int32_t cursor_sign;  /* 0: not an integer; 1 or -1: a decimal integer of that sign. */
  uint32_t cursor_skip; /* Sign and leading zeros to skip to reach the integer's digits. */
} source_record;

/* One `read_open`: the mapped file and its sorted records, consumed by `read_next`. */
typedef struct source_reader {
  char *path;
  jl_mapped map;
  source_record *records;
  size_t count;
  size_t capacity;
  size_t next; /* The first record not yet emitted. */
  uint8_t *arena;
  size_t arena_len;
  size_t arena_cap;
  uint32_t page_size;
} source_reader;

/* Sorts out whether a cursor is a decimal integer (-?[0-9]+) and, if so, where its digits
 * start once the sign and leading zeros are skipped: "-007" has sign -1 and digits "7". */
static void classify_cursor(const uint8_t *c, size_t len, int32_t *sign, uint32_t *skip) {
  size_t i = len > 0 && c[0] == '-' ? 1 : 0;
  *sign = 0;
  *skip = 0;
  if (i == len) {
    return; /* "" and "-" are text */
  }
  for (size_t j = i; j < len; j++) {
    if (c[j] < '0' || c[j] > '9') {
      return;
    }
  }
  *sign = i == 1 ? -1 : 1;
  while (i < len && c[i] == '0') {
    i++;
  }
  *skip = (uint32_t)i;
}

/* Byte order: memcmp over the common prefix, then the shorter one first. */
static int compare_bytes(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len) {
  int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
  if (c != 0 || a_len == b_len) {
    return c;
  }
  return a_len < b_len ? -1 : 1;
}

/* The host's rule, on classified cursors: two integers compare by sign, then by digit count,
 * then digit by digit (so any length works); anything else compares as bytes. */
static int compare_classified(const uint8_t *a, size_t a_len, int32_t a_sign, uint32_t a_skip,
                              const uint8_t *b, size_t b_len, int32_t b_sign, uint32_t b_skip) {
  if (a_sign == 0 || b_sign == 0) {
    return compare_bytes(a, a_len, b, b_len);
  }
  if (a_sign != b_sign) {
    return a_sign < b_sign ? -1 : 1;
  }
  size_t a_digits = a_len - a_skip, b_digits = b_len - b_skip;
  int magnitude = a_digits != b_digits ? (a_digits < b_digits ? -1 : 1)
                                       : memcmp(a + a_skip, b + b_skip, a_digits);
  magnitude = magnitude < 0 ? -1 : magnitude > 0 ? 1 : 0;
  return a_sign > 0 ? magnitude : -magnitude; /* a bigger magnitude is smaller below zero */
}

int jl_cursor_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len) {
  int32_t a_sign, b_sign;
  uint32_t a_skip, b_skip;
  classify_cursor(a, a_len, &a_sign, &a_skip);
  classify_cursor(b, b_len, &b_sign, &b_skip);
  return compare_classified(a, a_len, a_sign, a_skip, b, b_len, b_sign, b_skip);
}

/* Emission order: cursor, then key bytes. Equal records keep file order (the sort is stable). */
static int compare_records(const source_reader *r, const source_record *a,
                           const source_record *b) {
  const uint8_t *at = r->arena + a->text_off, *bt = r->arena + b->text_off;
  int c = compare_classified(at, a->cursor_len, a->cursor_sign, a->cursor_skip, bt,
                             b->cursor_len, b->cursor_sign, b->cursor_skip);
  if (c != 0) {
    return c;
  }
  return compare_bytes(at + a->cursor_len, a->key_len, bt + b->cursor_len, b->key_len);
}

/* A stable merge sort of records[lo, hi) using `tmp` as scratch. Hand-written rather than
 * qsort: qsort is not stable, and it may misbehave when a comparison is not transitive, which
 * mixed integer and text cursors ("9" < "10", "10" < "1a", "1a" < "9") make possible. */
static void merge_sort(const source_reader *r, source_record *records, source_record *tmp,
                       size_t lo, size_t hi) {
  if (hi - lo <= 16) { /* insertion sort: fast and stable on short runs */
    for (size_t i = lo + 1; i < hi; i++) {
      source_record item = records[i];
      size_t j = i;
      while (j > lo && compare_records(r, &records[j - 1], &item) > 0) {
        records[j] = records[j - 1];
        j--;
      }
      records[j] = item;
    }
    return;
  }
  size_t mid = lo + (hi - lo) / 2;
  merge_sort(r, records, tmp, lo, mid);
  merge_sort(r, records, tmp, mid, hi);
  if (compare_records(r, &records[mid - 1], &records[mid]) <= 0) {
    return; /* already in order: common for files written in cursor order */
  }
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    /* `<=` takes from the left run on ties: that is what keeps the sort stable */
    tmp[k++] = compare_records(r, &records[i], &records[j]) <= 0 ? records[i++] : records[j++];
  }
  while (i < mid) tmp[k++] = records[i++];
  while (j < hi) tmp[k++] = records[j++];
  memcpy(records + lo, tmp + lo, (hi - lo) * sizeof *records);
}

/* Appends a decoded JSON string value to the arena. */
static bool arena_add(source_reader *r, const js_value *value, uint32_t *out_len) {
  const uint8_t *bytes;
  size_t len;
  uint8_t *owned;
  if (!js_string_value(value, &bytes, &len, &owned)) {
    return false;
  }
  if (r->arena_len + len > r->arena_cap) {
    size_t cap = r->arena_cap < 4096 ? 4096 : r->arena_cap;
    while (cap < r->arena_len + len) cap *= 2;
    uint8_t *grown = realloc(r->arena, cap);
    if (grown == NULL) {
      free(owned);
      return false;
    }
    r->arena = grown;
    r->arena_cap = cap;
  }
  memcpy(r->arena + r->arena_len, bytes, len);
  r->arena_len += len;
  *out_len = (uint32_t)len;
  free(owned);
  return true;
}

/* Checks one non-blank line and, unless its cursor is older than `since`, adds it. */
static mlc_status index_line(jl_instance *inst, source_reader *r, const jl_line *line,
                             mlc_bytes_t since) {
  enum { KEY, CURSOR, UPDATED_AT };
  js_field fields[3] = {{.name = "key"}, {.name = "cursor"}, {.name = "updated_at"}};
  js_error err;
  unsigned long long number = (unsigned long long)line->number;
  if (!js_scan_object(line->bytes, line->len, fields, 3, NULL, &err)) {
    if (!line->terminated) {
      /* A last line without its newline that does not even parse is the remains of a write
       * cut short (the sink writes each line with its newline in one call). It was never
       * a delivered record; the sink truncates it on its next write. */
      jl_log(inst, MLC_LOG_WARN,
             "jsonl: %s:%llu: ignoring an incomplete last line (%s at byte %zu); it looks like "
             "an interrupted write",
             r->path, number, err.reason, err.offset);
      return MLC_OK;
    }
    return jl_fail(inst, MLC_FATAL,
                   "%s:%llu: %s at byte %zu; each line must be one JSON object (fix or remove "
                   "the line)",
                   r->path, number, err.reason, err.offset);
  }
  const js_value *key = &fields[KEY].value;
  const js_value *cursor = &fields[CURSOR].value;
  if (cursor->type == JS_ABSENT || cursor->type == JS_NULL) {
    cursor = &fields[UPDATED_AT].value; /* no explicit cursor: the change time orders */
  }
  if (key->type != JS_STRING || key->raw_len == 2) {
    return jl_fail(inst, MLC_FATAL, "%s:%llu: %s", r->path, number,
                   key->type == JS_ABSENT   ? "no \"key\" string"
                   : key->type != JS_STRING ? "\"key\" is not a string"
                                            : "\"key\" is empty");
  }
  if (cursor->type != JS_STRING) {
    return jl_fail(inst, MLC_FATAL, "%s:%llu: %s", r->path, number,
                   cursor->type == JS_ABSENT ? "no \"cursor\" or \"updated_at\" string"
                   : cursor == &fields[CURSOR].value ? "\"cursor\" is not a string"
                                                     : "\"updated_at\" is not a string");
  }
  if (line->len > UINT32_MAX) {
    return jl_fail(inst, MLC_FATAL, "%s:%llu: line longer than 4 GiB", r->path, number);
  }
  if (r->count == r->capacity) {
    size_t cap = r->capacity < 1024 ? 1024 : r->capacity * 2;
    source_record *grown = realloc(r->records, cap * sizeof *grown);
    if (grown == NULL) {
      return jl_fail(inst, MLC_FATAL, "jsonl: out of memory indexing %s", r->path);
    }
    r->records = grown;
    r->capacity = cap;
  }
  source_record *rec = &r->records[r->count];
  *rec = (source_record){.line_off = line->off, .line_number = line->number,
                         .text_off = r->arena_len, .line_len = (uint32_t)line->len};
  if (!arena_add(r, cursor, &rec->cursor_len) || !arena_add(r, key, &rec->key_len)) {
    return jl_fail(inst, MLC_FATAL, "jsonl: out of memory indexing %s", r->path);
  }
  const uint8_t *cursor_bytes = r->arena + rec->text_off;
  if (since.len > 0 &&
      jl_cursor_compare(cursor_bytes, rec->cursor_len, since.ptr, since.len) < 0) {
    r->arena_len = rec->text_off; /* already delivered: forget it */
    return MLC_OK;
  }
  classify_cursor(cursor_bytes, rec->cursor_len, &rec->cursor_sign, &rec->cursor_skip);
  r->count++;
  return MLC_OK;
}

void jl_read_close(void *instance, void *reader) {
  (void)instance;
  source_reader *r = reader;
  if (r == NULL) {
    return;
  }
  jl_unmap(&r->map);
  free(r->records);
  free(r->arena);
  free(r->path);
  free(r);
}

/* Maps and indexes the file under a shared directory lock, so a sink writing in another
 * instance or process is never seen half-way through a batch. */
static mlc_status load_file(jl_instance *inst, source_reader *r, mlc_bytes_t since) {
  int dir_fd = jl_lock_dir(inst, false);
  if (dir_fd == -2) {
    return MLC_FATAL;
  }
  mlc_status status = MLC_OK;
  int fd = open(r->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) { /* a missing file is an entity with no records yet */
      status = jl_fail(inst, MLC_FATAL, "jsonl: cannot open %s: %s", r->path, strerror(errno));
    }
  } else {
    status = jl_map(inst, fd, r->path, &r->map);
    close(fd); /* the map keeps the file's pages reachable on its own */
  }
  uint64_t pos = 0, number = 0;
  jl_line line;
  while (status == MLC_OK && jl_next_line(&r->map, &pos, &number, &line)) {
    if (!jl_line_is_blank(&line)) {
      status = index_line(inst, r, &line, since);
    }
  }
  jl_unlock_dir(dir_fd);
  return status;
}

mlc_status jl_read_open(void *instance, const mlc_read_request_t *request_in, void **out_reader) {
  jl_instance *inst = instance;
  *out_reader = NULL;
  mlc_read_request_t request;
  jl_copy_in(&request, sizeof request, request_in);
  int id;
  char *path;
  mlc_status status = jl_entity_file(inst, request.entity, "read", &id, &path);
  if (status != MLC_OK) {
    return status;
  }
  source_reader *r = calloc(1, sizeof *r);
  if (r == NULL) {
    free(path);
    return jl_fail(inst, MLC_FATAL, "jsonl: out of memory");
  }
  r->path = path;
  r->page_size = request.page_size > 0 ? request.page_size : 500;
  /* MLC_READ_FULL needs nothing special: every read scans the whole file anyway, and `since`
   * alone decides what is skipped. */
  status = jl_ensure_dir(inst);
  if (status == MLC_OK) {
    status = load_file(inst, r, request.since);
  }
  if (status == MLC_OK && r->count > 1) {
    source_record *tmp = malloc(r->count * sizeof *tmp);
    if (tmp == NULL) {
      status = jl_fail(inst, MLC_FATAL, "jsonl: out of memory sorting %s", path);
    } else {
      merge_sort(r, r->records, tmp, 0, r->count);
      free(tmp);
    }
  }
  if (status != MLC_OK) {
    jl_read_close(inst, r);
    return status;
  }
  jl_log(inst, MLC_LOG_DEBUG, "jsonl: %s: %zu records to read", path, r->count);
  *out_reader = r;
  return MLC_OK;
}

mlc_status jl_read_next(void *instance, void *reader, const mlc_emit_t *emit_in,
                        uint32_t *out_done) {
  jl_instance *inst = instance;
  source_reader *r = reader;
  mlc_emit_t emit;
  jl_copy_in(&emit, sizeof emit, emit_in);
  *out_done = 0;
  if (emit.put == NULL) {
    return jl_fail(inst, MLC_FATAL, "jsonl: the host passed a record emitter without `put`");
  }
  for (uint32_t n = 0; n < r->page_size && r->next < r->count; n++, r->next++) {
    const source_record *rec = &r->records[r->next];
    mlc_bytes_t bytes = {r->map.bytes + rec->line_off, rec->line_len};
    if (emit.put(emit.context, bytes) != MLC_OK) {
      return jl_fail(inst, MLC_FATAL,
                     "jsonl: the host refused the record at %s:%llu (key \"%.*s\")", r->path,
                     (unsigned long long)rec->line_number, (int)rec->key_len,
                     (const char *)r->arena + rec->text_off + rec->cursor_len);
    }
  }
  *out_done = r->next >= r->count ? 1 : 0;
  return MLC_OK;
}
