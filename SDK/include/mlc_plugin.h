/* mlc_plugin.h: what a connector exports. A connector is a shared library exporting one
 * function, `mlc_plugin_entry`, that returns a static `mlc_plugin_t`.
 *
 * Records cross as canonical JSON objects (see the README's "Canonical records"):
 *   {"entity":"vendor","key":"EPIC06/42","updated_at":"2026-01-31T08:00:00Z",
 *    "cursor":"optional change value","data":{...},"refs":{...}}
 * The host reads only `entity`, `key`, `updated_at`, `cursor` and `refs`; the rest passes
 * through untouched. A source emits records of one read in non-decreasing cursor order
 * (`cursor` when present, else `updated_at`). Cursor values compare as integers when both
 * are decimal integers, otherwise byte by byte: emit timestamps as fixed-width RFC 3339
 * UTC ("2026-01-31T08:00:00Z" or always the same number of fraction digits).
 */
#pragma once

#include "mlc_host.h"
#include "mlc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

/* Read flags. */
enum {
  MLC_READ_FULL = 1u << 0 /* The user asked for a full re-read (`mlc sync --full`). */
};

/* Borrowed, with everything it points at, until `read_open` returns: copy what you keep. */
typedef struct mlc_read_request {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  mlc_bytes_t entity; /* A canonical entity the manifest lists under "read". */
  mlc_bytes_t since;  /* Cursor of the last delivered record, or empty: read everything.
                         Return every record whose cursor is >= since; the host drops the ones
                         it already delivered, so ties are safe. */
  uint32_t page_size; /* Records the host would like per `read_next`; a hint, not a limit. */
  uint32_t flags;     /* MLC_READ_* bits. */
} mlc_read_request_t;

/* Borrowed, with everything it points at, until `write` returns. */
typedef struct mlc_write_request {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  mlc_bytes_t entity;         /* A canonical entity the manifest lists under "write". */
  const mlc_bytes_t *records; /* `count` canonical records, each a JSON object. */
  uint64_t count;
} mlc_write_request_t;

/* Where a sink reports what happened to each record of a `write`. */
typedef struct mlc_outcomes {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void *MLC_NULLABLE context; /* Opaque; pass it back as the first argument of `report`. */
  /* Reports records[index]. `target_key`: the record's id in the target (empty if none).
   * `message`: why, for FAILED and HELD (and optionally SKIPPED). Both borrowed until
   * `report` returns. A record reported twice keeps the last report; a record never
   * reported counts as FAILED ("the sink reported no outcome"). [one call at a time] */
  void (*report)(void *MLC_NULLABLE context, uint64_t index, mlc_outcome outcome,
                 mlc_bytes_t target_key, mlc_bytes_t message);
} mlc_outcomes_t;

/* The connector. Static storage in the plugin; the host never writes to it. Function
 * pointers a plugin does not need are NULL: a plugin that reads nothing leaves the three
 * read functions NULL, one that writes nothing leaves `write` NULL. Calls on one instance
 * are [one call at a time] unless the manifest says "concurrent": true; different instances
 * are called at the same time (a flow reads its source's next page on one thread while its
 * sink writes the previous page on another), so state shared between instances needs a
 * lock. Every call runs on a host thread that may block (plugins call `http`
 * synchronously). `open`, `close` and `check` are required; the host refuses a plugin that
 * leaves them NULL. */
typedef struct mlc_plugin {
  uint32_t struct_size;
  uint16_t abi_major; /* MLC_ABI_MAJOR the plugin was built against. */
  uint16_t abi_minor; /* The lowest host minor the plugin needs. */

  /* UTF-8 JSON, NUL-terminated, static for the life of the process:
   *   {"name":"jsonl","version":"1.0.0",
   *    "entities":{"read":["vendor",...],"write":["vendor",...]},
   *    "config_schema":{"type":"object","properties":{...},"required":[...]},
   *    "auth":["none"], "concurrent":false}
   * `name` is [a-z][a-z0-9_-]*, unique in a plugin directory. */
  const char *MLC_NULLABLE manifest_json; /* Required. */

  /* Creates an instance for one connection. `config` is the connection's "config" object
   * as JSON, borrowed. `host` stays valid until `close`. On success stores an opaque
   * instance in `*out_instance` (owned by the plugin until `close`). On failure returns
   * MLC_CONFIG_ERROR or MLC_FATAL after `host->error`. */
  mlc_status (*MLC_NULLABLE open)(const mlc_host_t *host, mlc_bytes_t config,
                     void *MLC_NULLABLE *MLC_NONNULL out_instance);

  /* Frees the instance. Called once, after every other call on it has returned. */
  void (*MLC_NULLABLE close)(void *MLC_NULLABLE instance);

  /* Proves the connection works with a cheap authenticated call, and puts one JSON object
   * to `report` that says what was proved ({"ok":true,"detail":"..."}). */
  mlc_status (*MLC_NULLABLE check)(void *MLC_NULLABLE instance, const mlc_emit_t *report);

  /* Starts reading one entity. Stores an opaque reader in `*out_reader` (owned by the
   * plugin until `read_close`). */
  mlc_status (*MLC_NULLABLE read_open)(void *MLC_NULLABLE instance, const mlc_read_request_t *request,
                                       void *MLC_NULLABLE *MLC_NONNULL out_reader);

  /* Puts the next page of records to `emit`, one `put` per record, in cursor order, and
   * sets `*out_done` to 1 when nothing follows (the page may still hold records). The host
   * commits each page before asking for the next, so keep pages to `page_size`. */
  mlc_status (*MLC_NULLABLE read_next)(void *MLC_NULLABLE instance, void *MLC_NULLABLE reader,
                                       const mlc_emit_t *emit, uint32_t *out_done);

  /* Frees a reader; called once per successful `read_open`, even after an error. */
  void (*MLC_NULLABLE read_close)(void *MLC_NULLABLE instance, void *MLC_NULLABLE reader);

  /* Writes a batch of records of one entity and reports one outcome per record. Returns
   * MLC_OK when every record was reported (failed records included); MLC_RETRY when nothing
   * was written and the whole batch may be sent again; MLC_FATAL to stop the run. Writes
   * must be idempotent: the host resends records after a crash. */
  mlc_status (*MLC_NULLABLE write)(void *MLC_NULLABLE instance, const mlc_write_request_t *request,
                                   const mlc_outcomes_t *outcomes);
} mlc_plugin_t;

/* The one exported symbol. The host passes its ABI version; return the plugin's static
 * descriptor, or NULL to refuse a host whose major you were not built for. [any-thread],
 * may be called more than once. */
MLC_EXPORT const mlc_plugin_t *MLC_NULLABLE mlc_plugin_entry(uint32_t host_abi_major,
                                                             uint32_t host_abi_minor);

/* The type of `mlc_plugin_entry`, for hosts that resolve it with dlsym. */
typedef const mlc_plugin_t *MLC_NULLABLE (*mlc_plugin_entry_fn)(uint32_t host_abi_major,
                                                                uint32_t host_abi_minor);

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif
