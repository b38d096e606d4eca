/* jsonl.h: what the files of the jsonl example connector share. Internal: the host sees only
 * `mlc_plugin_entry` (jsonl.c); everything here is hidden from the shared library's exports.
 *
 *   jsonl.c     entry point, descriptor, manifest, open/close/check, error and log helpers
 *   config.c    parsing and checking the connection's config object
 *   files.c     directory, locking, mapping a file and walking its lines, reads and writes
 *   source.c    read_open/read_next/read_close: records in cursor order
 *   sink.c      write: what happens to each record (insert, skip, update, fail)
 *   store.c     the sink's entity file: open, repair a torn line, load the index, append
 *   rewrite.c   replacing changed lines atomically (temp file + rename)
 *   json_scan.c a strict JSON validator that picks out top-level members
 *   index.c     the key -> line hash map used by the upsert sink
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "json_scan.h"
#include "mlc.h"

/* Only `mlc_plugin_entry` is exported (MLC_EXPORT overrides this); every helper stays out of
 * the .so's dynamic symbol table, so two connectors in one host never clash on a name. */
#pragma GCC visibility push(hidden)

/* The eight canonical entities, in the order the host's router writes them. */
#define JL_ENTITY_COUNT 8

/* How the sink treats a record whose key is already in the file. */
typedef enum jl_mode {
  JL_MODE_UPSERT, /* One line per key: skip identical, replace changed, append new. */
  JL_MODE_APPEND  /* A log: every record is appended, nothing is looked up. */
} jl_mode;

/* The connection's settings, from the config object passed to `open`. */
typedef struct jl_config {
  char *dir;   /* Absolute path, NUL-terminated, owned. */
  jl_mode mode;
  bool fsync;  /* fsync before `write` returns (the host commits its cursor right after). */
  bool create; /* Create `dir` (and its parents) when missing. */
} jl_config;

/* A byte range of a file, such as an obsolete line the next rewrite drops. */
typedef struct jl_range {
  uint64_t off;
  uint64_t len;
} jl_range;

/* Which version of a file something was built from: device, inode, size and change time
 * together notice another program appending, truncating, editing or replacing it. */
typedef struct jl_file_version {
  uint64_t dev, ino, size;
  int64_t ctime_sec, ctime_nsec;
} jl_file_version;

/* The upsert sink's knowledge of one entity's file, built on the first write to it. */
typedef struct jl_entity_state {
  bool loaded;
  jl_index index;          /* key -> line of every record in the file. */
  jl_file_version version; /* The file the index describes; anything else means reload. */
  jl_range *stale;         /* Earlier lines of keys that appear twice, dropped on rewrite. */
  size_t stale_count;
} jl_entity_state;

/* One connection's instance: what `open` returns as the opaque `void *`. */
typedef struct jl_instance {
  mlc_host_t host;  /* A copy, read per the struct_size rule. */
  jl_config config;
  bool dir_ready;   /* The directory was found or created once; not re-checked per call. */
  bool lock_warned; /* "cannot lock the directory" was logged already. */
  jl_entity_state sink[JL_ENTITY_COUNT];
} jl_instance;

/* ---- jsonl.c ---- */

/* Copies an ABI struct the way mlc_types.h asks: min(its struct_size, ours), rest zeroed. */
void jl_copy_in(void *dst, size_t dst_size, const void *src);

/* Explains a failure to the host (host->error) and returns `status`, so a call site reads
 * `return jl_fail(inst, MLC_FATAL, "...", ...);`. printf-style. */
mlc_status jl_fail(const jl_instance *inst, mlc_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes a log line through the host. printf-style. */
void jl_log(const jl_instance *inst, mlc_log_level level, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Resolves a request's entity to its number and `<dir>/<entity>.jsonl` (malloc'd into
 * `*path`). An entity outside the eight fails with MLC_UNSUPPORTED; `verb` ("read", "write")
 * goes into that message. */
mlc_status jl_entity_file(const jl_instance *inst, mlc_bytes_t entity, const char *verb,
                          int *out_id, char **out_path);

/* Frees what the sink built for an entity (the index) and forgets the file. */
void jl_entity_state_free(jl_entity_state *state);

/* ---- config.c ---- */

/* Parses the config object. On failure returns MLC_CONFIG_ERROR with the message (naming
 * the field) in `message`, and leaves nothing allocated. */
mlc_status jl_config_parse(mlc_bytes_t json, jl_config *out, char *message,
                           size_t message_size);
void jl_config_free(jl_config *config);

/* ---- files.c ---- */

/* Makes sure the configured directory exists (creating it when `create` allows). */
mlc_status jl_ensure_dir(jl_instance *inst);

/* A whole file mapped read-only. An empty file has `bytes` NULL and `size` 0. */
typedef struct jl_mapped {
  const uint8_t *bytes;
  size_t size;
} jl_mapped;

/* Maps `fd` (the file at `path`, for messages) read-only. */
mlc_status jl_map(const jl_instance *inst, int fd, const char *path, jl_mapped *out);
void jl_unmap(jl_mapped *mapped);

/* One line of a file: its bytes without the newline and without a trailing '\r'. */
typedef struct jl_line {
  const uint8_t *bytes;
  size_t len;
  uint64_t off;    /* Offset of the line's first byte in the file. */
  uint64_t number; /* 1-based, for messages. */
  bool terminated; /* False for a final line with no newline. */
} jl_line;

/* Steps through `mapped` line by line from `*pos`; false at the end. Blank lines (only
 * spaces, tabs, '\r') are returned too: check `jl_line_is_blank`. */
bool jl_next_line(const jl_mapped *mapped, uint64_t *pos, uint64_t *number, jl_line *line);
bool jl_line_is_blank(const jl_line *line);

/* Narrows `*bytes` to leave out JSON whitespace (space, tab, CR, LF) at either end. */
void jl_trim(const uint8_t **bytes, size_t *len);

/* Reads exactly `len` bytes at `off` (retrying short reads and EINTR). 0 or an errno. */
int jl_pread_all(int fd, uint8_t *out, size_t len, uint64_t off);

/* Writes all of `bytes` at `off` (retrying short writes and EINTR). 0 or an errno. */
int jl_pwrite_all(int fd, const uint8_t *bytes, size_t len, uint64_t off);

/* Opens the directory and flock()s it: exclusive for a sink's write, shared while a source
 * indexes a file, so a reader never sees half a batch and two writers (instances or
 * processes) never interleave. Returns the directory's descriptor (jl_unlock_dir releases
 * it), -1 when the lock could not be taken but work may go on (logged once), or -2 after
 * jl_fail when the directory cannot be opened. */
int jl_lock_dir(jl_instance *inst, bool exclusive);
void jl_unlock_dir(int dir_fd);

/* fsyncs the directory, making a rename or a new file's name durable. */
mlc_status jl_fsync_dir(const jl_instance *inst, int dir_fd);

/* ---- store.c: the sink's entity file ---- */

/* One entity file opened for a `write`, under the directory lock. */
typedef struct jl_store {
  int fd;
  const char *path;
  uint64_t size; /* Current length; always ends with '\n' (or is 0) once opened. */
  bool created;  /* This write created the file: its name must be made durable too. */
} jl_store;

/* A change to a line of the file, applied by jl_store_rewrite: the line at `off` (`len` bytes
 * without its newline) becomes `data`, or disappears when `data` is NULL. */
typedef struct jl_patch {
  uint64_t off;
  uint64_t len;
  const uint8_t *data;
  size_t data_len;
  uint64_t hash; /* jl_hash64(data). */
  size_t entry;  /* The index entry to move to the new line; SIZE_MAX for a drop. */
} jl_patch;

/* Opens (creating if needed) an entity file for writing and repairs an interrupted last
 * line. In upsert mode it also makes sure `state` describes this file, loading the index
 * on first use or when the file changed under us, and (when `locked`: we hold the
 * directory's exclusive lock) removes temp files an interrupted rewrite left behind. */
mlc_status jl_store_open(jl_instance *inst, jl_entity_state *state, const char *path,
                         bool locked, jl_store *store);
void jl_store_close(jl_store *store);

/* Records the file's current version in `state` after the sink changed it (or, when the
 * file cannot be examined, drops the index so the next write rebuilds it). */
void jl_store_remember(jl_entity_state *state, const jl_store *store);

/* Tells whether the line of `entry` holds exactly `bytes` (the hash matched; make sure). */
mlc_status jl_store_line_equals(const jl_instance *inst, const jl_store *store,
                                const jl_index_entry *entry, const uint8_t *bytes, size_t len,
                                bool *equal);

/* Appends `bytes` (whole lines) in one write, then fsyncs if configured. On failure the file
 * is cut back to its old length, so nothing of the batch remains. */
mlc_status jl_store_append(jl_instance *inst, jl_entity_state *state, jl_store *store,
                           const uint8_t *bytes, size_t len);

/* Replaces the file atomically with a copy that has `patches` (in any order) and the
 * state's stale lines applied and `append` added at the end: temp file, fsync, rename, fsync
 * of the directory. Moves the index to the new offsets; `*append_base` receives where
 * `append` starts in the new file. */
mlc_status jl_store_rewrite(jl_instance *inst, jl_entity_state *state, jl_store *store,
                            int dir_fd, jl_patch *patches, size_t patch_count,
                            const uint8_t *append, size_t append_len, uint64_t *append_base);

/* ---- source.c / sink.c: the plugin functions ---- */

/* Compares two cursor values exactly as the host does: numerically when both are decimal
 * integers (-?[0-9]+, any length), otherwise byte by byte. <0, 0 or >0. */
int jl_cursor_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

/* The mlc_plugin_t functions; their contracts are in mlc_plugin.h. */
mlc_status jl_read_open(void *instance, const mlc_read_request_t *request, void **out_reader);
mlc_status jl_read_next(void *instance, void *reader, const mlc_emit_t *emit,
                        uint32_t *out_done);
void jl_read_close(void *instance, void *reader);

mlc_status jl_write(void *instance, const mlc_write_request_t *request,
                    const mlc_outcomes_t *outcomes);

#pragma GCC visibility pop
