/* rewrite.c: replacing lines of an entity file atomically.
 *
 * Changing a record in the middle of a text file means writing a new file. The new content
 * goes to a temp file in the same directory, which is fsynced and then renamed over the old
 * name: rename is atomic, so a crash leaves the old file or the new one, never a mix, and a
 * reader that mapped the old file keeps reading it undisturbed.
 */
#define _POSIX_C_SOURCE 200809L

#include "jsonl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A buffered sequential writer, so many small pieces (unchanged runs between patches, each
 * replaced line and its newline) become few large writes. The first error sticks. */
typedef struct out_file {
  int fd;
  uint8_t *buf;
  size_t len;
  size_t cap;
  uint64_t flushed; /* Bytes already in the file. */
  uint64_t written; /* Bytes handed to out_write, flushed or not. */
  int err;
} out_file;

static void out_flush(out_file *o) {
  if (o->err == 0 && o->len > 0) {
    o->err = jl_pwrite_all(o->fd, o->buf, o->len, o->flushed);
  }
  o->flushed += o->len;
  o->len = 0;
}

static void out_write(out_file *o, const uint8_t *bytes, size_t len) {
  o->written += len;
  if (o->len + len <= o->cap) {
    memcpy(o->buf + o->len, bytes, len);
    o->len += len;
    return;
  }
  out_flush(o);
  if (len >= o->cap) { /* large runs of the old file go straight from the map */
    if (o->err == 0) o->err = jl_pwrite_all(o->fd, bytes, len, o->flushed);
    o->flushed += len;
    return;
  }
  memcpy(o->buf, bytes, len);
  o->len = len;
}

static int compare_patch_offsets(const void *a, const void *b) {
  uint64_t x = ((const jl_patch *)a)->off, y = ((const jl_patch *)b)->off;
  return x < y ? -1 : x > y ? 1 : 0;
}

/* How far the bytes after patch `k` moved: the sum of the size changes of patches 0..k. */
static int64_t size_change(const jl_patch *p) {
  int64_t new_len = p->data != NULL ? (int64_t)p->data_len + 1 : 0;
  return new_len - (int64_t)(p->len + 1);
}

/* Moves every index entry to its offset in the new file. An entry after k patches shifted by
 * their total size change; a replaced line starts exactly there too, and takes its new
 * length and hash. Offsets are unique, so "patches before" is a binary search. */
static void move_index(jl_entity_state *state, const jl_patch *patches, size_t count) {
  int64_t *shift = malloc((count + 1) * sizeof *shift);
  if (shift == NULL) {
    jl_entity_state_free(state); /* rebuilt from the file on the next write */
    return;
  }
  shift[0] = 0; /* shift[k]: change caused by the first k patches */
  for (size_t k = 0; k < count; k++) shift[k + 1] = shift[k] + size_change(&patches[k]);
  for (size_t i = 0; i < state->index.count; i++) {
    jl_index_entry *e = &state->index.entries[i];
    size_t lo = 0, hi = count; /* find how many patches start before e */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (patches[mid].off < e->line_off) lo = mid + 1;
      else hi = mid;
    }
    e->line_off = (uint64_t)((int64_t)e->line_off + shift[lo]);
  }
  for (size_t k = 0; k < count; k++) {
    if (patches[k].entry != SIZE_MAX) {
      jl_index_entry *e = &state->index.entries[patches[k].entry];
      e->line_len = (uint32_t)patches[k].data_len;
      e->content_hash = patches[k].hash;
    }
  }
  free(shift);
}

/* Writes the new content: the old file with the patches applied, then `append`. */
static void write_new_content(out_file *out, const jl_mapped *old, const jl_patch *patches,
                              size_t count, const uint8_t *append, size_t append_len,
                              uint64_t *append_base) {
  uint64_t pos = 0;
  for (size_t k = 0; k < count; k++) {
    const jl_patch *p = &patches[k];
    out_write(out, old->bytes + pos, (size_t)(p->off - pos));
    if (p->data != NULL) {
      out_write(out, p->data, p->data_len);
      out_write(out, (const uint8_t *)"\n", 1);
    }
    pos = p->off + p->len + 1; /* skip the old line and its newline */
  }
  out_write(out, old->bytes + pos, (size_t)(old->size - pos));
  *append_base = out->written;
  out_write(out, append, append_len);
  out_flush(out);
}

mlc_status jl_store_rewrite(jl_instance *inst, jl_entity_state *state, jl_store *store,
                            int dir_fd, jl_patch *patches, size_t patch_count,
                            const uint8_t *append, size_t append_len, uint64_t *append_base) {
  /* The stale duplicate lines found when loading go as drops in the same pass. */
  size_t count = patch_count + state->stale_count;
  jl_patch *all = malloc((count > 0 ? count : 1) * sizeof *all);
  char *tmp = malloc(strlen(store->path) + sizeof "/.tmp-XXXXXX");
  out_file out = {.fd = -1, .cap = 1u << 20};
  out.buf = malloc(out.cap);
  jl_mapped old = {NULL, 0};
  bool tmp_exists = false;
  mlc_status status = MLC_OK;
  if (all == NULL || tmp == NULL || out.buf == NULL) {
    status = jl_fail(inst, MLC_FATAL, "jsonl: out of memory rewriting %s", store->path);
    goto done;
  }
  memcpy(all, patches, patch_count * sizeof *all);
  for (size_t i = 0; i < state->stale_count; i++) {
    all[patch_count + i] = (jl_patch){.off = state->stale[i].off, .len = state->stale[i].len,
                                      .entry = SIZE_MAX};
  }
  qsort(all, count, sizeof *all, compare_patch_offsets);

  /* "<dir>/.vendor.jsonl.tmp-XXXXXX": same directory (rename cannot cross file systems),
   * hidden, and recognisable if a crash leaves one behind. */
  const char *name = strrchr(store->path, '/') + 1;
  snprintf(tmp, strlen(store->path) + sizeof "/.tmp-XXXXXX", "%.*s.%s.tmp-XXXXXX",
           (int)(name - store->path), store->path, name);
  struct stat st;
  out.fd = mkstemp(tmp);
  tmp_exists = out.fd >= 0;
  if (out.fd < 0 || fstat(store->fd, &st) != 0) {
    status = jl_fail(inst, MLC_FATAL, "jsonl: cannot create a temp file next to %s: %s",
                     store->path, strerror(errno));
    goto done;
  }
  (void)fchmod(out.fd, st.st_mode & 0777); /* keep the file's permissions; best effort */
  status = jl_map(inst, store->fd, store->path, &old);
  if (status != MLC_OK) goto done;
  write_new_content(&out, &old, all, count, append, append_len, append_base);
  /* fsync before rename even with "fsync": false: otherwise a crash could leave the new
   * name pointing at a file whose data never reached the disk. */
  if (out.err == 0 && fsync(out.fd) != 0) out.err = errno;
  if (out.err == 0 && rename(tmp, store->path) != 0) out.err = errno;
  if (out.err != 0) {
    status = jl_fail(inst, MLC_FATAL, "jsonl: cannot rewrite %s: %s", store->path,
                     strerror(out.err));
    goto done;
  }
  /* From here on the new file is the file: switch to it and tell the index. */
  close(store->fd);
  store->fd = out.fd;
  out.fd = -1;
  tmp_exists = false;
  store->size = out.written;
  move_index(state, all, count);
  free(state->stale);
  state->stale = NULL;
  state->stale_count = 0;
  jl_store_remember(state, store);
  if (inst->config.fsync) {
    status = jl_fsync_dir(inst, dir_fd); /* make the rename itself durable */
    if (status != MLC_OK) {
      jl_entity_state_free(state); /* the caller will not index this batch's new lines */
    }
  }
done:
  jl_unmap(&old);
  if (out.fd >= 0) close(out.fd);
  if (tmp_exists) unlink(tmp); /* the rename did not happen: leave no litter */
  free(tmp);
  free(out.buf);
  free(all);
  return status;
}
