/* A scriptable connector for host tests, built with cc at test time.
 * Source: emits the lines of config "input" whose entity matches, in file order (no sorting,
 * so tests can feed out-of-order or repeated records). Sink: appends records to "output" and
 * reports outcomes steered by a "force" member in the record: "failed", "held", "noreport",
 * "retry-once" (answers MLC_RETRY the first time it sees the batch), "retry-always", "record-retry-once"
 * (reports MLC_OUTCOME_RETRY for the record the first time the instance sees one, INSERTED
 * after), "record-retry-always", "map" (translates the
 * key through mapping table "fixture_map": INSERTED with the mapped value, HELD without),
 * "probe" (GETs config "probe" through the host and fails with the response body). With config
 * "batches", each write appends its record count to that file. Compile-time knobs let
 * loader tests break it on purpose: FIXTURE_NAME, FIXTURE_MANIFEST, FIXTURE_MAJOR,
 * FIXTURE_ENTRY_NULL, FIXTURE_NO_WRITE, FIXTURE_NO_CHECK, FIXTURE_SIZE. */
#define _GNU_SOURCE
#include "mlc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "fixture"
#endif
#ifndef FIXTURE_MANIFEST
#define FIXTURE_MANIFEST                                                                          \
  "{\"name\":\"" FIXTURE_NAME "\",\"version\":\"1.0.0\",\"entities\":{\"read\":[\"vendor\","     \
  "\"purchase_order\"],\"write\":[\"vendor\",\"purchase_order\"]},\"config_schema\":{\"type\":" \
  "\"object\"},\"auth\":[\"none\"],\"concurrent\":false}"
#endif
#ifndef FIXTURE_MAJOR
#define FIXTURE_MAJOR MLC_ABI_MAJOR
#endif
#ifndef FIXTURE_SIZE
#define FIXTURE_SIZE sizeof(mlc_plugin_t)
#endif

typedef struct {
  const mlc_host_t *host;
  char input[1024];
  char output[1024];
  char probe[256];
  char batches[1024];
  int retried;
  int record_retried;
} fixture_t;

typedef struct {
  char text[256];
  size_t len;
} collected_t;

static mlc_status collect(void *context, mlc_bytes_t bytes) {
  collected_t *c = context;
  c->len = bytes.len < sizeof c->text - 1 ? bytes.len : sizeof c->text - 1;
  memcpy(c->text, bytes.ptr, c->len);
  c->text[c->len] = 0;
  return MLC_OK;
}

typedef struct {
  FILE *file;
  char entity[64];
} reader_t;

static void fail(fixture_t *f, const char *message) {
  mlc_bytes_t text = {(const uint8_t *)message, strlen(message)};
  f->host->error(f->host->host_data, text, 1);
}

/* Copies the string value of "name" from flat JSON text; enough for fixture configs. */
static int string_member(const char *json, size_t len, const char *name, char *out, size_t cap) {
  char pattern[80];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
  char *copy = strndup(json, len);
  char *at = copy ? strstr(copy, pattern) : NULL;
  int found = 0;
  if (at) {
    at += strlen(pattern);
    size_t n = strcspn(at, "\"");
    if (n < cap) { memcpy(out, at, n); out[n] = 0; found = 1; }
  }
  free(copy);
  return found;
}

static mlc_status fx_open(const mlc_plugin_t *self, const mlc_host_t *host, mlc_bytes_t config, void **out) {
  (void)self;
  fixture_t *f = calloc(1, sizeof *f);
  if (!f) return MLC_FATAL;
  f->host = host;
  string_member((const char *)config.ptr, config.len, "input", f->input, sizeof f->input);
  string_member((const char *)config.ptr, config.len, "output", f->output, sizeof f->output);
  string_member((const char *)config.ptr, config.len, "probe", f->probe, sizeof f->probe);
  string_member((const char *)config.ptr, config.len, "batches", f->batches, sizeof f->batches);
  *out = f;
  return MLC_OK;
}

static void fx_close(void *instance) { free(instance); }

/* GETs the configured probe path through the host; on a 4xx/5xx puts the status and the
 * response body into `why` (tests check the host redacts secrets a server echoes back). */
static int probe(fixture_t *f, char *why, size_t cap) {
  mlc_http_request_t request;
  memset(&request, 0, sizeof request);
  request.struct_size = sizeof request;
  request.abi_major = MLC_ABI_MAJOR;
  request.abi_minor = MLC_ABI_MINOR;
  request.method = (mlc_bytes_t){(const uint8_t *)"GET", 3};
  request.target = (mlc_bytes_t){(const uint8_t *)f->probe, strlen(f->probe)};
  mlc_http_response_t response;
  memset(&response, 0, sizeof response);
  if (f->host->http(f->host->host_data, &request, &response) != MLC_OK) {
    snprintf(why, cap, "probe request failed");
    return 0;
  }
  int ok = response.status < 400;
  snprintf(why, cap, "probe answered %d: %.*s", response.status, (int)response.body.len, (const char *)response.body.ptr);
  f->host->http_release(f->host->host_data, &response);
  return ok;
}

static mlc_status fx_check(void *instance, const mlc_emit_t *report) {
  fixture_t *f = instance;
  char why[1024] = "";
  if (f->probe[0] && !probe(f, why, sizeof why)) {
    fail(f, why);
    return MLC_FATAL;
  }
  const char *text = "{\"ok\":true,\"detail\":\"fixture ready\"}";
  mlc_bytes_t bytes = {(const uint8_t *)text, strlen(text)};
  return report->put(report->context, bytes);
}

static mlc_status fx_read_open(void *instance, const mlc_read_request_t *request, void **out) {
  fixture_t *f = instance;
  reader_t *r = calloc(1, sizeof *r);
  if (!r) return MLC_FATAL;
  snprintf(r->entity, sizeof r->entity, "%.*s", (int)request->entity.len, (const char *)request->entity.ptr);
  r->file = f->input[0] ? fopen(f->input, "r") : NULL;
  *out = r;
  return MLC_OK;
}

static mlc_status fx_read_next(void *instance, void *reader, const mlc_emit_t *emit, uint32_t *done) {
  (void)instance;
  reader_t *r = reader;
  char line[65536], want[96];
  snprintf(want, sizeof want, "\"entity\":\"%s\"", r->entity);
  int emitted = 0;
  while (r->file && emitted < 2 && fgets(line, sizeof line, r->file)) {
    size_t n = strcspn(line, "\n");
    if (n == 0 || !strstr(line, want)) continue;
    mlc_bytes_t bytes = {(const uint8_t *)line, n};
    if (emit->put(emit->context, bytes) != MLC_OK) return MLC_FATAL;
    emitted++;
  }
  *done = (!r->file || feof(r->file)) ? 1 : 0;
  return MLC_OK;
}

static void fx_read_close(void *instance, void *reader) {
  (void)instance;
  reader_t *r = reader;
  if (r->file) fclose(r->file);
  free(r);
}

static mlc_status fx_write(void *instance, const mlc_write_request_t *request, const mlc_outcomes_t *outcomes) {
  fixture_t *f = instance;
  for (uint64_t i = 0; i < request->count; i++) {
    const char *text = (const char *)request->records[i].ptr;
    if (memmem(text, request->records[i].len, "\"force\":\"retry-always\"", 22)) {
      fail(f, "target busy, try again");
      return MLC_RETRY;
    }
    if (memmem(text, request->records[i].len, "\"force\":\"retry-once\"", 20) && !f->retried) {
      f->retried = 1;
      fail(f, "target busy, try again");
      return MLC_RETRY;
    }
  }
  if (f->batches[0]) {
    FILE *log = fopen(f->batches, "a");
    if (log) { fprintf(log, "%llu\n", (unsigned long long)request->count); fclose(log); }
  }
  FILE *out = fopen(f->output, "a");
  if (!out) { fail(f, "cannot open output"); return MLC_FATAL; }
  int saw_record_retry = 0;
  for (uint64_t i = 0; i < request->count; i++) {
    const char *text = (const char *)request->records[i].ptr;
    size_t len = request->records[i].len;
    fprintf(out, "%.*s\n", (int)len, text);
    char key[256] = "", target[300];
    string_member(text, len, "key", key, sizeof key);
    snprintf(target, sizeof target, "T-%s", key);
    mlc_bytes_t target_bytes = {(const uint8_t *)target, strlen(target)};
    mlc_bytes_t none = {NULL, 0};
    if (memmem(text, len, "\"force\":\"noreport\"", 18)) continue;
    if (memmem(text, len, "\"force\":\"record-retry-always\"", 29) ||
        (memmem(text, len, "\"force\":\"record-retry-once\"", 27) && !f->record_retried)) {
      const char *why = "upstream timed out before this record was sent";
      saw_record_retry = 1;
      outcomes->report(outcomes->context, i, MLC_OUTCOME_RETRY, none, (mlc_bytes_t){(const uint8_t *)why, strlen(why)});
      continue;
    }
    if (memmem(text, len, "\"force\":\"map\"", 13)) {
      collected_t mapped = {"", 0};
      mlc_emit_t out = {sizeof(mlc_emit_t), MLC_ABI_MAJOR, MLC_ABI_MINOR, &mapped, collect};
      mlc_bytes_t table = {(const uint8_t *)"fixture_map", 11};
      mlc_bytes_t value = {(const uint8_t *)key, strlen(key)};
      if (f->host->mapping(f->host->host_data, table, value, &out) == MLC_OK) {
        mlc_bytes_t mapped_bytes = {(const uint8_t *)mapped.text, mapped.len};
        outcomes->report(outcomes->context, i, MLC_OUTCOME_INSERTED, mapped_bytes, none);
      } else {
        char why[320];
        snprintf(why, sizeof why, "mapping table fixture_map has no row for %s", key);
        outcomes->report(outcomes->context, i, MLC_OUTCOME_HELD, none, (mlc_bytes_t){(const uint8_t *)why, strlen(why)});
      }
    } else if (memmem(text, len, "\"force\":\"probe\"", 15)) {
      char why[1024] = "";
      probe(f, why, sizeof why);
      outcomes->report(outcomes->context, i, MLC_OUTCOME_FAILED, none, (mlc_bytes_t){(const uint8_t *)why, strlen(why)});
    } else if (memmem(text, len, "\"force\":\"failed\"", 16)) {
      const char *why = "forced failure";
      outcomes->report(outcomes->context, i, MLC_OUTCOME_FAILED, none, (mlc_bytes_t){(const uint8_t *)why, strlen(why)});
    } else if (memmem(text, len, "\"force\":\"held\"", 14)) {
      const char *why = "vendor V9 is not mapped";
      outcomes->report(outcomes->context, i, MLC_OUTCOME_HELD, none, (mlc_bytes_t){(const uint8_t *)why, strlen(why)});
    } else {
      outcomes->report(outcomes->context, i, MLC_OUTCOME_INSERTED, target_bytes, none);
    }
  }
  if (saw_record_retry) f->record_retried = 1;
  fclose(out);
  return MLC_OK;
}

static const mlc_plugin_t descriptor = {
  .struct_size = FIXTURE_SIZE, .abi_major = FIXTURE_MAJOR, .abi_minor = MLC_ABI_MINOR,
  .manifest_json = FIXTURE_MANIFEST,
  .open = fx_open, .close = fx_close,
#ifndef FIXTURE_NO_CHECK
  .check = fx_check,
#endif
  .read_open = fx_read_open, .read_next = fx_read_next, .read_close = fx_read_close,
#ifndef FIXTURE_NO_WRITE
  .write = fx_write,
#endif
};

MLC_EXPORT const mlc_plugin_t *mlc_plugin_entry(uint32_t major, uint32_t minor, uint32_t index) {
  (void)minor;
#ifdef FIXTURE_ENTRY_NULL
  (void)major;
  (void)index;
  return NULL;
#else
  return major == MLC_ABI_MAJOR && index == 0 ? &descriptor : NULL;
#endif
}
