/* mlc_plugin.h: what a connector exports. A connector library exports one function,
 * `mlc_plugin_entry`, that returns static `mlc_plugin_t` descriptors, one per connector it
 * holds. Records are canonical (mlc_records.h); the manifest is in mlc_manifest.h.
 *
 * Threads. Calls on one instance come [one call at a time per instance] unless its manifest
 * says "concurrent": true. Different instances are called at the same time: a flow reads
 * its source's next page on one thread while its sink writes the previous page on another,
 * so state shared between instances needs a lock. Every call runs on a host thread that may
 * block (plugins call `mlc_host_t.http` synchronously).
 *
 * Crashes. A host may run a plugin in a child process and kill it at any point, for a
 * timeout or because another connector in the same process crashed: a sink must keep its
 * target consistent if a `write` never returns (idempotent writes, files renamed into place).
 */
#pragma once

#include "mlc_host.h"
#include "mlc_records.h"
#include "mlc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

typedef struct mlc_plugin mlc_plugin_t;

/* One connector. Static storage in the plugin; the host never writes to it. The first
 * three functions are required; a plugin that reads nothing leaves the read functions
 * NULL, one that writes nothing leaves `write` NULL, one without webhooks `decode_event`. */
struct mlc_plugin {
  uint32_t struct_size;
  uint16_t abi_major; /* MLC_ABI_MAJOR the plugin was built against. */
  uint16_t abi_minor; /* The lowest host minor the plugin needs. */

  /* UTF-8 JSON, NUL-terminated, static for the life of the process (mlc_manifest.h). */
  const char *manifest_json;

  /* The plugin's own; the host passes the descriptor back to `open` and never reads this. */
  void *MLC_NULLABLE plugin_data;

  /* [any thread] Creates an instance for one connection. `self` is this descriptor, as
   * `mlc_plugin_entry` returned it. `config` is the connection's "config" object as JSON,
   * borrowed, already checked against the manifest's config_schema. `host` stays valid
   * until `close`. On success stores an opaque instance in `*out_instance` (owned by the
   * plugin until `close`); on failure returns MLC_CONFIG_ERROR or MLC_FATAL after
   * `host->error`. Do no network I/O here: `check` is for that. */
  mlc_status (*open)(const mlc_plugin_t *self, const mlc_host_t *host, mlc_bytes_t config,
                     void *MLC_NULLABLE *MLC_NONNULL out_instance);

  /* [one call at a time per instance] Frees the instance. Called once, after every other
   * call on it has returned. */
  void (*close)(void *MLC_NULLABLE instance);

  /* [one call at a time per instance] Proves the connection works with a cheap
   * authenticated call, and puts one JSON object to `report`:
   *   {"ok":true,"detail":"authenticated as api-user on company EPIC06"}
   * "ok" (boolean) and "detail" (string) are required; other members are shown as given.
   * Return MLC_CONFIG_ERROR or MLC_FATAL (after `host->error`) when the check fails. */
  mlc_status (*check)(void *MLC_NULLABLE instance, const mlc_emit_t *report);

  /* [one call at a time per instance] Starts reading one entity. Stores an opaque reader
   * in `*out_reader` (owned by the plugin until `read_close`). */
  mlc_status (*MLC_NULLABLE read_open)(void *MLC_NULLABLE instance, const mlc_read_request_t *request,
                                       void *MLC_NULLABLE *MLC_NONNULL out_reader);

  /* [one call at a time per instance] Puts the next page of records to `emit`, one `put`
   * per record, in non-decreasing cursor order (`cursor`, else `updated_at`), and sets
   * `*out_done` to 1 when nothing follows (the page may still hold records). The host
   * commits each page before asking for the next, so keep pages near `page_size`. */
  mlc_status (*MLC_NULLABLE read_next)(void *MLC_NULLABLE instance, void *MLC_NULLABLE reader,
                                       const mlc_emit_t *emit, uint32_t *out_done);

  /* [one call at a time per instance] Frees a reader; called once per successful
   * `read_open`, also after an error. */
  void (*MLC_NULLABLE read_close)(void *MLC_NULLABLE instance, void *MLC_NULLABLE reader);

  /* [one call at a time per instance] Writes a batch of records of one entity and reports
   * one outcome per record. Returns MLC_OK when every record was reported (failed, held and
   * retry outcomes included); MLC_RETRY when nothing was written and the whole batch may be
   * sent again; MLC_FATAL to stop the run. Writes must be idempotent: the host resends
   * records after a crash or a RETRY outcome. */
  mlc_status (*MLC_NULLABLE write)(void *MLC_NULLABLE instance, const mlc_write_request_t *request,
                                   const mlc_outcomes_t *outcomes);

  /* [one call at a time per instance] Turns one stored push event into canonical records,
   * put to `emit` (zero or more; a thin event may be enriched with `host->http`). MLC_OK
   * when done; MLC_RETRY to be asked again later (the event stays stored); MLC_FATAL when
   * the event can never be decoded (the host keeps it as a dead letter with the reason). */
  mlc_status (*MLC_NULLABLE decode_event)(void *MLC_NULLABLE instance, const mlc_event_t *event,
                                          const mlc_emit_t *emit);
};

/* The one exported symbol. The host passes its ABI version and asks for connectors by
 * `index` 0, 1, 2, ... until NULL. Return the index-th static descriptor, or NULL past the
 * last one or to refuse a host whose major you were not built for. [any thread]; may be
 * called more than once and must return the same pointer for the same index. */
MLC_EXPORT const mlc_plugin_t *MLC_NULLABLE mlc_plugin_entry(uint32_t host_abi_major,
                                                             uint32_t host_abi_minor,
                                                             uint32_t index);

/* The type of `mlc_plugin_entry`, for hosts that resolve it with dlsym. */
typedef const mlc_plugin_t *MLC_NULLABLE (*mlc_plugin_entry_fn)(uint32_t host_abi_major,
                                                                uint32_t host_abi_minor,
                                                                uint32_t index);

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif
