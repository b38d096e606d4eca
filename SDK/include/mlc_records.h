/* mlc_records.h: canonical records and the read and write requests that carry them.
 *
 * A canonical record is one UTF-8 JSON object (RFC 8259, at most 16 MiB) with these
 * top-level members:
 *   "entity"      string, always: one of gl_account, cost_center, vendor, part,
 *                 purchase_order, ap_invoice, ap_payment, procurement_request.
 *   "key"         string, always, non-empty: the source's stable id, unique per connection
 *                 and entity ("EPIC06/4711"). Sinks store it as their idempotency key
 *                 (coalesce field, origin_id, MERGE key).
 *   "updated_at"  string, always: RFC 3339 UTC of the source change, fixed width
 *                 ("2026-01-31T08:00:00Z", or always the same number of fraction digits).
 *   "cursor"      string, optional: the change value to checkpoint on when it is not
 *                 `updated_at` (e.g. a row version). Decimal integers compare as integers,
 *                 anything else byte by byte.
 *   "data"        object, always (may be empty): the entity's fields. Money and quantities
 *                 are decimal strings ("1234.50"), never JSON numbers; dates "YYYY-MM-DD";
 *                 currency ISO 4217; unknown values are absent, not "".
 *   "refs"        object, optional: keys of records this one points at, each a string
 *                 ({"vendor":"EPIC06/42","gl_account":"EPIC06/6300-100"}).
 * Other members pass through untouched. The host reads only the envelope (never `data`) and
 * hands sinks the exact bytes the source emitted. Records a sink receives therefore always
 * have entity, key, updated_at and data of the types above; a sink needs no other check.
 * `mlc_envelope.h` (SDK/C) reads these members and walks `data` in plain C.
 */
#pragma once

#include "mlc_http.h"
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
                         it already delivered, so ties are safe and must not be skipped. */
  uint32_t page_size; /* Records the host would like per `read_next`; a hint, not a limit. */
  uint32_t flags;     /* MLC_READ_* bits. */
} mlc_read_request_t;

/* Borrowed, with everything it points at, until `write` returns. */
typedef struct mlc_write_request {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  mlc_bytes_t entity;         /* A canonical entity the manifest lists under "write". */
  const mlc_bytes_t *records; /* `count` canonical records, each a JSON object as above. */
  uint64_t count;
} mlc_write_request_t;

/* Where a sink reports what happened to each record of a `write`. */
typedef struct mlc_outcomes {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void *MLC_NULLABLE context; /* Opaque; pass it back as the first argument of `report`. */
  /* [one call at a time per instance] [during the call] Reports records[index].
   * `target_key`: the record's id in the target (empty if none). `message`: why, for FAILED,
   * HELD and RETRY (optional for the others). Both borrowed until `report` returns. A record
   * reported twice keeps the last report; a record never reported counts as FAILED ("the
   * sink reported no outcome"). */
  void (*report)(void *MLC_NULLABLE context, uint64_t index, mlc_outcome outcome,
                 mlc_bytes_t target_key, mlc_bytes_t message);
} mlc_outcomes_t;

/* A push event (a webhook) the host received on a route the manifest declares, verified
 * and stored durably before the sender got its 2xx. Borrowed, with everything it points
 * at, until `decode_event` returns. */
typedef struct mlc_event {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  mlc_bytes_t route;       /* The manifest's route name the event arrived on. */
  mlc_bytes_t event_id;    /* The id the host deduplicated on (from the manifest's event_id
                              rule, else the SHA-256 of the body in hex). */
  mlc_bytes_t received_at; /* RFC 3339 UTC, when the host stored it. */
  const mlc_http_header_t *MLC_NULLABLE headers; /* As received; names lowercased. */
  uint64_t header_count;
  mlc_bytes_t body;        /* Exactly the bytes received. */
} mlc_event_t;

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif
