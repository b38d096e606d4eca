/* sink.c: `write`, deciding what happens to each record of a batch.
 *
 * Upsert mode keeps exactly one line per record key in `<dir>/<entity>.jsonl`:
 *   key not in the file          -> appended,          reported INSERTED
 *   key in the file, same bytes  -> left alone,        reported SKIPPED
 *   key in the file, other bytes -> its line replaced, reported UPDATED
 * That makes writes idempotent, which the host relies on: after a crash it resends records
 * it cannot prove were written, and they come back SKIPPED. Append mode appends every
 * record (a change log) and keeps no index.
 *
 * A write runs in three steps: check and normalise every record (no I/O), plan against the
 * key index, commit with one append or one atomic rewrite. Outcomes are reported only after
 * the commit (and its fsync): the host commits its cursor as soon as `write` returns.
 */
#define _POSIX_C_SOURCE 200809L

#include "jsonl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One record of the batch as the sink sees it. */
typedef struct sink_record {
  mlc_outcome outcome; /* 0 while undecided. */
  const char *note;    /* Static message for a SKIPPED record. */
  char *error;         /* Owned message for a FAILED record. */
  const uint8_t *key;  /* Decoded key: into the request, or `key_owned`. */
  size_t key_len;
  uint8_t *key_owned;
  const uint8_t *line; /* The bytes to store: into the request, or `line_owned`. */
  size_t line_len;
  uint8_t *line_owned;
  uint64_t hash;       /* jl_hash64(line). */
  uint64_t append_pos; /* INSERTED: where its line starts in the batch's append buffer. */
} sink_record;

/* Everything one `write` call builds; freed by batch_free. */
typedef struct sink_batch {
  jl_instance *inst;
  mlc_write_request_t request;
  sink_record *records;
  uint8_t *append; /* New lines, each with its '\n', written in one go. */
  size_t append_len;
  jl_patch *patches; /* Lines to replace (UPDATED records). */
  size_t patch_count;
} sink_batch;

/* Marks record `i` FAILED with a message; MLC_FATAL only when out of memory. */
static mlc_status reject(sink_batch *b, uint64_t i, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static mlc_status reject(sink_batch *b, uint64_t i, const char *format, ...) {
  char message[512];
  int n = snprintf(message, sizeof message, "record %llu: ", (unsigned long long)i);
  va_list args;
  va_start(args, format);
  vsnprintf(message + n, sizeof message - (size_t)n, format, args);
  va_end(args);
  b->records[i].outcome = MLC_OUTCOME_FAILED;
  b->records[i].error = strdup(message);
  return b->records[i].error != NULL ? MLC_OK : jl_fail(b->inst, MLC_FATAL, "jsonl: out of memory");
}

/* Checks record `i` (one JSON object with a non-empty string "key", and an "entity", if
 * any, that matches the batch) and prepares the exact line to store. */
static mlc_status prepare_record(sink_batch *b, uint64_t i) {
  sink_record *rec = &b->records[i];
  const uint8_t *start = b->request.records[i].ptr;
  const uint8_t *bytes = start;
  size_t len = (size_t)b->request.records[i].len;
  jl_trim(&bytes, &len);
  size_t lead = (size_t)(bytes - start); /* for error offsets in the record as sent */
  enum { KEY, ENTITY };
  js_field fields[2] = {{.name = "key"}, {.name = "entity"}};
  js_error err;
  if (len == 0 || !js_scan_object(bytes, len, fields, 2, NULL, &err)) {
    return reject(b, i, "not one JSON object (%s at byte %zu)",
                  len == 0 ? "empty record" : err.reason, len == 0 ? 0 : err.offset + lead);
  }
  const js_value *key = &fields[KEY].value, *entity = &fields[ENTITY].value;
  if (key->type != JS_STRING || key->raw_len == 2) {
    return reject(b, i, key->type == JS_ABSENT    ? "no \"key\" string"
                        : key->type != JS_STRING ? "\"key\" is not a string"
                                                 : "\"key\" is empty");
  }
  if (entity->type != JS_ABSENT && entity->type != JS_STRING) {
    return reject(b, i, "\"entity\" is not a string");
  }
  const uint8_t *name = NULL;
  size_t name_len = 0;
  uint8_t *name_owned = NULL;
  if (!js_string_value(key, &rec->key, &rec->key_len, &rec->key_owned) ||
      (entity->type == JS_STRING && !js_string_value(entity, &name, &name_len, &name_owned))) {
    return jl_fail(b->inst, MLC_FATAL, "jsonl: out of memory");
  }
  mlc_bytes_t want = b->request.entity;
  bool entity_differs =
      name != NULL && (name_len != want.len || memcmp(name, want.ptr, name_len) != 0);
  free(name_owned);
  if (entity_differs) {
    /* Storing it would put e.g. a vendor into part.jsonl: refuse rather than guess. */
    return reject(b, i, "\"entity\" is %.*s but this batch writes \"%.*s\"",
                  (int)(entity->raw_len > 80 ? 80 : entity->raw_len), (const char *)entity->raw,
                  (int)want.len, (const char *)want.ptr);
  }
  /* One record per line: a pretty-printed record's newlines can only be whitespace between
   * tokens (a JSON string cannot hold a raw newline), so spaces replace them safely. */
  rec->line = bytes;
  rec->line_len = len;
  if (memchr(bytes, '\n', len) != NULL || memchr(bytes, '\r', len) != NULL) {
    rec->line_owned = malloc(len);
    if (rec->line_owned == NULL) {
      return jl_fail(b->inst, MLC_FATAL, "jsonl: out of memory");
    }
    for (size_t k = 0; k < len; k++) {
      rec->line_owned[k] = bytes[k] == '\n' || bytes[k] == '\r' ? ' ' : bytes[k];
    }
    rec->line = rec->line_owned;
  }
  rec->hash = jl_hash64(rec->line, rec->line_len);
  return MLC_OK;
}

/* Decides record `i` is new: its line goes to the append buffer. */
static void plan_insert(sink_batch *b, uint64_t i) {
  sink_record *rec = &b->records[i];
  rec->outcome = MLC_OUTCOME_INSERTED;
  rec->append_pos = b->append_len;
  memcpy(b->append + b->append_len, rec->line, rec->line_len);
  b->append_len += rec->line_len;
  b->append[b->append_len++] = '\n';
}

/* Upsert planning: first the batch's own duplicate keys (the last one wins), then each
 * remaining record against the file's index. Nothing is written yet. */
static mlc_status plan_upsert(sink_batch *b, jl_entity_state *state, const jl_store *store) {
  jl_index seen; /* key -> batch index of its latest record (kept in line_off) */
  jl_index_init(&seen);
  for (uint64_t i = 0; i < b->request.count; i++) {
    sink_record *rec = &b->records[i];
    if (rec->outcome != 0) continue;
    bool created;
    jl_index_entry *e = jl_index_upsert(&seen, rec->key, rec->key_len, &created);
    if (e == NULL) {
      jl_index_free(&seen);
      return jl_fail(b->inst, MLC_FATAL, "jsonl: out of memory");
    }
    if (!created) {
      b->records[e->line_off].outcome = MLC_OUTCOME_SKIPPED;
      b->records[e->line_off].note = "superseded later in the same batch";
    }
    e->line_off = i;
  }
  jl_index_free(&seen);

  for (uint64_t i = 0; i < b->request.count; i++) {
    sink_record *rec = &b->records[i];
    if (rec->outcome != 0) continue;
    jl_index_entry *e = jl_index_find(&state->index, rec->key, rec->key_len);
    if (e == NULL) {
      plan_insert(b, i);
      continue;
    }
    bool same = false;
    if (e->content_hash == rec->hash) { /* probably identical: confirm against the file */
      mlc_status status = jl_store_line_equals(b->inst, store, e, rec->line, rec->line_len, &same);
      if (status != MLC_OK) return status;
    }
    if (same) {
      rec->outcome = MLC_OUTCOME_SKIPPED;
      rec->note = "unchanged";
      continue;
    }
    rec->outcome = MLC_OUTCOME_UPDATED;
    b->patches[b->patch_count++] = (jl_patch){
        .off = e->line_off, .len = e->line_len, .data = rec->line, .data_len = rec->line_len,
        .hash = rec->hash, .entry = (size_t)(e - state->index.entries)};
  }
  return MLC_OK;
}

/* Writes the plan (one append, or one rewrite when lines change) and then records the new
 * lines in the index. */
static mlc_status commit_upsert(sink_batch *b, jl_entity_state *state, jl_store *store,
                                int dir_fd) {
  uint64_t base = store->size;
  mlc_status status;
  if (b->patch_count == 0 && state->stale_count == 0) {
    status = jl_store_append(b->inst, state, store, b->append, b->append_len);
  } else {
    status = jl_store_rewrite(b->inst, state, store, dir_fd, b->patches, b->patch_count,
                              b->append, b->append_len, &base);
  }
  for (uint64_t i = 0; status == MLC_OK && state->loaded && i < b->request.count; i++) {
    sink_record *rec = &b->records[i];
    if (rec->outcome != MLC_OUTCOME_INSERTED) continue;
    bool created;
    jl_index_entry *e = jl_index_upsert(&state->index, rec->key, rec->key_len, &created);
    if (e == NULL) {
      jl_entity_state_free(state); /* the data is safe on disk; re-index on the next write */
      break;
    }
    e->line_off = base + rec->append_pos;
    e->line_len = (uint32_t)rec->line_len;
    e->content_hash = rec->hash;
  }
  return status;
}

static void batch_free(sink_batch *b) {
  for (uint64_t i = 0; b->records != NULL && i < b->request.count; i++) {
    free(b->records[i].error);
    free(b->records[i].key_owned);
    free(b->records[i].line_owned);
  }
  free(b->records);
  free(b->append);
  free(b->patches);
}

/* Prepares every record, then sizes the append buffer and patch list for the worst case
 * so planning never allocates per record. */
static mlc_status prepare_batch(sink_batch *b) {
  uint64_t count = b->request.count;
  b->records = calloc(count, sizeof *b->records);
  b->patches = malloc(count * sizeof *b->patches);
  if (b->records == NULL || b->patches == NULL) {
    return jl_fail(b->inst, MLC_FATAL, "jsonl: out of memory for a batch of %llu records",
                   (unsigned long long)count);
  }
  size_t bound = 0;
  for (uint64_t i = 0; i < count; i++) {
    mlc_status status = prepare_record(b, i);
    if (status != MLC_OK) return status;
    bound += b->records[i].outcome == 0 ? b->records[i].line_len + 1 : 0;
  }
  b->append = malloc(bound > 0 ? bound : 1);
  return b->append != NULL ? MLC_OK : jl_fail(b->inst, MLC_FATAL, "jsonl: out of memory");
}

mlc_status jl_write(void *instance, const mlc_write_request_t *request_in,
                    const mlc_outcomes_t *outcomes_in) {
  jl_instance *inst = instance;
  sink_batch b = {.inst = inst};
  jl_copy_in(&b.request, sizeof b.request, request_in);
  mlc_outcomes_t outcomes;
  jl_copy_in(&outcomes, sizeof outcomes, outcomes_in);
  if (outcomes.report == NULL) {
    return jl_fail(inst, MLC_FATAL, "jsonl: the host passed outcomes without `report`");
  }
  int id;
  char *path;
  mlc_status status = jl_entity_file(inst, b.request.entity, "write", &id, &path);
  if (status != MLC_OK || b.request.count == 0) {
    if (status == MLC_OK) free(path);
    return status;
  }
  status = jl_ensure_dir(inst);
  if (status == MLC_OK) status = prepare_batch(&b);
  int dir_fd = status == MLC_OK ? jl_lock_dir(inst, true) : -1;
  if (dir_fd == -2) status = MLC_FATAL;
  jl_store store = {.fd = -1};
  jl_entity_state *state = &inst->sink[id];
  if (status == MLC_OK) status = jl_store_open(inst, state, path, dir_fd >= 0, &store);
  if (status == MLC_OK && inst->config.mode == JL_MODE_UPSERT) {
    status = plan_upsert(&b, state, &store);
    if (status == MLC_OK) status = commit_upsert(&b, state, &store, dir_fd);
  } else if (status == MLC_OK) {
    for (uint64_t i = 0; i < b.request.count; i++) {
      if (b.records[i].outcome == 0) plan_insert(&b, i);
    }
    status = jl_store_append(inst, state, &store, b.append, b.append_len);
  }
  jl_store_close(&store);
  jl_unlock_dir(dir_fd);
  /* Report only what is durably done; after a failure report nothing, so the host treats
   * the batch as unwritten and sends it again (which upsert makes harmless). */
  for (uint64_t i = 0; status == MLC_OK && i < b.request.count; i++) {
    const sink_record *rec = &b.records[i];
    const char *message = rec->error != NULL ? rec->error : rec->note != NULL ? rec->note : "";
    outcomes.report(outcomes.context, i, rec->outcome,
                    (mlc_bytes_t){rec->outcome == MLC_OUTCOME_FAILED ? NULL : rec->key,
                                  rec->outcome == MLC_OUTCOME_FAILED ? 0 : rec->key_len},
                    (mlc_bytes_t){(const uint8_t *)message, strlen(message)});
  }
  batch_free(&b);
  free(path);
  return status;
}
