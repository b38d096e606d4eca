/* store.c: the sink's side of an entity file: opening it, repairing a torn last line,
 * loading the key index, appending a batch, and rewriting the file atomically when lines
 * change. sink.c decides *what* to write; this file decides *how* it reaches the disk.
 *
 * Invariant kept between writes: the file is a sequence of complete lines, each ending in
 * '\n'. Appends go in one pwrite and are undone on failure; rewrites go through a temp file
 * and rename, so a crash leaves either the old or the new file, never a mix.
 */
#define _POSIX_C_SOURCE 200809L

#include "jsonl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* With "fsync": true, makes what was written durable, and a new file's name with it. */
static mlc_status sync_file(const jl_instance *inst, const jl_store *store) {
  if (!inst->config.fsync) {
    return MLC_OK;
  }
  if (fsync(store->fd) != 0) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot fsync %s: %s", store->path, strerror(errno));
  }
  return store->created ? jl_fsync_dir(inst, -1) : MLC_OK;
}

/* Finds the offset just after the last '\n' of the file (0 if there is none), reading
 * backwards in blocks so a huge file is not read whole. */
static int last_line_start(const jl_store *store, uint64_t *start) {
  uint8_t block[65536];
  uint64_t end = store->size;
  while (end > 0) {
    size_t n = end < sizeof block ? (size_t)end : sizeof block;
    int err = jl_pread_all(store->fd, block, n, end - n);
    if (err != 0) return err;
    for (size_t i = n; i > 0; i--) {
      if (block[i - 1] == '\n') {
        *start = end - n + i;
        return 0;
      }
    }
    end -= n;
  }
  *start = 0;
  return 0;
}

/* A last line without its newline means a write was interrupted (this sink writes each line
 * with its newline in one call). If the line still holds a complete record, only the
 * newline was lost: add it. Otherwise cut the fragment off: it was never reported as
 * written, so the host sends that record again. Either way the next append starts on a
 * fresh line instead of gluing a record onto garbage. */
static mlc_status repair_tail(const jl_instance *inst, jl_store *store) {
  uint8_t last;
  int err = store->size == 0 ? 0 : jl_pread_all(store->fd, &last, 1, store->size - 1);
  if (err != 0) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot read %s: %s", store->path, strerror(err));
  }
  if (store->size == 0 || last == '\n') {
    return MLC_OK;
  }
  uint64_t start = 0;
  err = last_line_start(store, &start);
  size_t len = (size_t)(store->size - start);
  uint8_t *tail = err == 0 ? malloc(len) : NULL;
  if (err == 0 && tail == NULL) err = ENOMEM;
  if (err == 0) err = jl_pread_all(store->fd, tail, len, start);
  if (err != 0) {
    free(tail);
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot read %s: %s", store->path, strerror(err));
  }
  const uint8_t *line = tail;
  size_t line_len = len;
  jl_trim(&line, &line_len);
  js_field key = {.name = "key"};
  js_error scan_error;
  bool complete = js_scan_object(line, line_len, &key, 1, NULL, &scan_error) &&
                  key.value.type == JS_STRING && key.value.raw_len > 2;
  free(tail);
  if (complete) {
    err = jl_pwrite_all(store->fd, (const uint8_t *)"\n", 1, store->size);
    if (err == 0) store->size++;
  } else {
    err = ftruncate(store->fd, (off_t)start) == 0 ? 0 : errno;
    if (err == 0) store->size = start;
  }
  if (err != 0) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot repair the last line of %s: %s", store->path,
                   strerror(err));
  }
  jl_log(inst, MLC_LOG_WARN,
         complete ? "jsonl: %s: the last line (at byte %llu, %zu bytes) had no newline; added it"
                  : "jsonl: %s: removed an incomplete last line (at byte %llu, %zu bytes) left "
                    "by an interrupted write",
         store->path, (unsigned long long)start, len);
  return sync_file(inst, store);
}

/* Remembers an obsolete line. The array doubles whenever its count reaches a power of two,
 * so a file full of duplicates costs O(n), not O(n^2), reallocations. */
static bool push_stale(jl_entity_state *state, uint64_t off, uint64_t len) {
  size_t n = state->stale_count;
  if (n >= 16 && (n & (n - 1)) == 0) {
    jl_range *grown = realloc(state->stale, 2 * n * sizeof *grown);
    if (grown == NULL) return false;
    state->stale = grown;
  } else if (n == 0) {
    state->stale = malloc(16 * sizeof *state->stale);
    if (state->stale == NULL) return false;
  }
  state->stale[state->stale_count++] = (jl_range){off, len};
  return true;
}

/* Builds the key index from the file: key -> (line offset, line length, content hash). A key
 * on several lines (a file written in append mode, or edited by hand) keeps its last line;
 * the earlier ones are remembered as stale and dropped by the next rewrite. */
static mlc_status load_index(const jl_instance *inst, jl_entity_state *state, jl_store *store) {
  jl_entity_state_free(state);
  jl_mapped map;
  mlc_status status = jl_map(inst, store->fd, store->path, &map);
  uint64_t pos = 0, number = 0;
  jl_line line;
  while (status == MLC_OK && jl_next_line(&map, &pos, &number, &line)) {
    if (jl_line_is_blank(&line)) continue;
    const uint8_t *bytes = line.bytes;
    size_t len = line.len;
    jl_trim(&bytes, &len);
    js_field key = {.name = "key"};
    js_error err;
    unsigned long long at = (unsigned long long)line.number;
    if (!js_scan_object(bytes, len, &key, 1, NULL, &err)) {
      status = jl_fail(inst, MLC_FATAL,
                       "%s:%llu: %s at byte %zu; in upsert mode every line must be one JSON "
                       "object record (fix or remove the line)",
                       store->path, at, err.reason, err.offset + (size_t)(bytes - line.bytes));
      break;
    }
    if (key.value.type != JS_STRING || key.value.raw_len == 2) {
      status = jl_fail(inst, MLC_FATAL,
                       "%s:%llu: %s; in upsert mode every line needs a non-empty string \"key\" "
                       "(fix or remove the line)",
                       store->path, at,
                       key.value.type == JS_ABSENT    ? "no \"key\" string"
                       : key.value.type != JS_STRING ? "\"key\" is not a string"
                                                     : "\"key\" is empty");
      break;
    }
    if (pos - line.off > UINT32_MAX) {
      status = jl_fail(inst, MLC_FATAL, "%s:%llu: line longer than 4 GiB", store->path, at);
      break;
    }
    const uint8_t *k;
    size_t k_len;
    uint8_t *owned;
    bool created = false;
    jl_index_entry *e = js_string_value(&key.value, &k, &k_len, &owned)
                            ? jl_index_upsert(&state->index, k, k_len, &created)
                            : NULL;
    free(owned);
    if (e == NULL || (!created && !push_stale(state, e->line_off, e->line_len))) {
      status = jl_fail(inst, MLC_FATAL, "jsonl: out of memory indexing %s", store->path);
      break;
    }
    e->line_off = line.off;
    e->line_len = (uint32_t)(pos - line.off - 1); /* the whole line but its '\n' */
    e->content_hash = jl_hash64(bytes, len);
  }
  jl_unmap(&map);
  if (status != MLC_OK) {
    jl_entity_state_free(state);
    return status;
  }
  if (state->stale_count > 0) {
    jl_log(inst, MLC_LOG_WARN,
           "jsonl: %s: %zu lines repeat a key of a later line (append mode, or edited by "
           "hand); the last line of each key counts and the next write removes the others",
           store->path, state->stale_count);
  }
  jl_log(inst, MLC_LOG_DEBUG, "jsonl: %s: indexed %zu keys", store->path, state->index.count);
  state->loaded = true;
  return MLC_OK;
}

/* Removes temp files that a crash in the middle of a rewrite left behind
 * ("<dir>/.vendor.jsonl.tmp-XXXXXX"), which could be as large as the file itself. Only
 * called under the exclusive directory lock: then no rewrite can be running. */
static void remove_leftovers(const jl_instance *inst, const char *path) {
  const char *name = strrchr(path, '/') + 1;
  size_t name_len = strlen(name);
  DIR *dir = opendir(inst->config.dir);
  if (dir == NULL) {
    return; /* only housekeeping: the write itself reports real problems */
  }
  for (struct dirent *e = readdir(dir); e != NULL; e = readdir(dir)) {
    const char *n = e->d_name;
    if (n[0] != '.' || strncmp(n + 1, name, name_len) != 0 ||
        strncmp(n + 1 + name_len, ".tmp-", 5) != 0) {
      continue;
    }
    char leftover[4096];
    snprintf(leftover, sizeof leftover, "%s/%s", inst->config.dir, n);
    if (unlink(leftover) == 0) {
      jl_log(inst, MLC_LOG_WARN, "jsonl: removed %s, left behind by an interrupted rewrite",
             leftover);
    }
  }
  closedir(dir);
}

static void version_of(const struct stat *st, jl_file_version *out) {
  memset(out, 0, sizeof *out); /* no padding garbage: versions are compared with memcmp */
  out->dev = (uint64_t)st->st_dev;
  out->ino = (uint64_t)st->st_ino;
  out->size = (uint64_t)st->st_size;
  out->ctime_sec = (int64_t)st->st_ctim.tv_sec;
  out->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
}

void jl_store_remember(jl_entity_state *state, const jl_store *store) {
  struct stat st;
  if (!state->loaded) {
    return;
  }
  if (fstat(store->fd, &st) != 0) {
    jl_entity_state_free(state);
    return;
  }
  version_of(&st, &state->version);
}

mlc_status jl_store_open(jl_instance *inst, jl_entity_state *state, const char *path,
                         bool locked, jl_store *store) {
  *store = (jl_store){.fd = -1, .path = path};
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    store->created = fd >= 0;
  }
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    mlc_status status = jl_fail(inst, MLC_FATAL, "jsonl: cannot open %s for writing: %s", path,
                                strerror(errno));
    if (fd >= 0) close(fd);
    return status;
  }
  store->fd = fd;
  if (!S_ISREG(st.st_mode)) {
    return jl_fail(inst, MLC_FATAL, "jsonl: %s is not a regular file", path);
  }
  store->size = (uint64_t)st.st_size;
  if (inst->config.mode == JL_MODE_APPEND) {
    return repair_tail(inst, store); /* one pread when the file is intact */
  }
  /* The index is only as good as the file it was built from: if another program touched
   * the file since our last write, build it again. */
  jl_file_version now;
  version_of(&st, &now);
  if (state->loaded && memcmp(&now, &state->version, sizeof now) == 0) {
    return MLC_OK;
  }
  if (state->loaded) {
    jl_log(inst, MLC_LOG_INFO, "jsonl: %s changed outside this connection; re-reading it", path);
  }
  if (locked) {
    remove_leftovers(inst, path);
  }
  mlc_status status = repair_tail(inst, store);
  if (status == MLC_OK) status = load_index(inst, state, store);
  if (status == MLC_OK) jl_store_remember(state, store); /* the repair may have changed it */
  return status;
}

void jl_store_close(jl_store *store) {
  if (store->fd >= 0) {
    close(store->fd);
  }
  store->fd = -1;
}

mlc_status jl_store_line_equals(const jl_instance *inst, const jl_store *store,
                                const jl_index_entry *entry, const uint8_t *bytes, size_t len,
                                bool *equal) {
  *equal = false;
  uint8_t small[4096];
  uint8_t *line = entry->line_len <= sizeof small ? small : malloc(entry->line_len);
  if (line == NULL) {
    return jl_fail(inst, MLC_FATAL, "jsonl: out of memory reading %s", store->path);
  }
  int err = jl_pread_all(store->fd, line, entry->line_len, entry->line_off);
  if (err == 0) {
    const uint8_t *stored = line;
    size_t stored_len = entry->line_len;
    jl_trim(&stored, &stored_len);
    *equal = stored_len == len && memcmp(stored, bytes, len) == 0;
  }
  if (line != small) free(line);
  if (err != 0) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot read %s: %s", store->path, strerror(err));
  }
  return MLC_OK;
}

mlc_status jl_store_append(jl_instance *inst, jl_entity_state *state, jl_store *store,
                           const uint8_t *bytes, size_t len) {
  if (len == 0) {
    return MLC_OK;
  }
  int err = jl_pwrite_all(store->fd, bytes, len, store->size);
  if (err != 0) {
    /* Leave no partial batch behind; if even that fails, the index must be rebuilt. */
    if (ftruncate(store->fd, (off_t)store->size) != 0) jl_entity_state_free(state);
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot append to %s: %s", store->path,
                   strerror(err));
  }
  store->size += len;
  mlc_status status = sync_file(inst, store);
  if (status != MLC_OK) {
    /* The lines are in the file but the caller will not index them: rebuild next time. */
    jl_entity_state_free(state);
  } else if (state->loaded) {
    jl_store_remember(state, store);
  }
  return status;
}
