/* mlc_types.h: versions, status codes, outcomes and the byte view shared by every header.
 *
 * Conventions used in every header of this SDK:
 * - Every struct starts with `struct_size`, `abi_major`, `abi_minor`. Fields are only ever
 *   appended. A reader copies min(struct_size, sizeof what it knows) and zero-fills the rest.
 * - Integers are fixed width; enums are plain integer constants, never enum-typed fields.
 * - "borrowed": the callee may read it until the call returns, then must forget it.
 * - Thread rules, on every function:
 *   [any thread]              may be called from any thread, also concurrently;
 *   [one call at a time per instance]  the caller serializes calls on one instance;
 *   [during the call]         only while the plugin call that received it runs.
 *
 * ABI change log (the major changes only on a breaking change; minors only append):
 * 2.0  `open` receives the plugin's own descriptor, so one library exports several
 *      connectors (`mlc_plugin_entry` takes an index); `mlc_plugin_t.plugin_data`;
 *      `open`, `close`, `check` are non-null; MLC_MISMATCH for a signature that does not
 *      match; MLC_OUTCOME_RETRY; push sources (`decode_event`, manifest "webhooks"); the
 *      host enforces the manifest's `config_schema` and resolves "format":"path" values
 *      before `open`; the canonical envelope and manifest are specified in the headers.
 * 1.0  first version.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__clang__)
/* The nullability qualifiers are a clang extension; keep -Wpedantic builds quiet about them. */
#pragma clang diagnostic ignored "-Wnullability-extension"
#define MLC_NULLABLE _Nullable
#define MLC_NONNULL _Nonnull
#else
#define MLC_NULLABLE
#define MLC_NONNULL
#endif

#if defined(_WIN32)
#define MLC_EXPORT __declspec(dllexport)
#else
#define MLC_EXPORT __attribute__((visibility("default")))
#endif

/* The ABI this header describes. A host loads a plugin when the majors are equal and the
 * plugin's minor is at most the host's minor. */
#define MLC_ABI_MAJOR 2
#define MLC_ABI_MINOR 0

/* Result of every plugin and host function that can fail. */
typedef int32_t mlc_status;
enum {
  MLC_OK = 0,           /* Done. */
  MLC_RETRY = 1,        /* Transient failure (timeout, 429, 5xx): the same call may succeed later.
                           Report `retry_after_ms` through mlc_host_t.error when known. */
  MLC_FATAL = 2,        /* Give up this operation; mlc_host_t.error says why. */
  MLC_CONFIG_ERROR = 3, /* The connection's config or credentials are wrong; a person must fix them. */
  MLC_UNSUPPORTED = 4,  /* This side does not do that: unknown entity, operation or service. */
  MLC_NOT_FOUND = 5,    /* A lookup found nothing (id map, mapping table, secret name). */
  MLC_MISMATCH = 6      /* A verification ran and the signature does not match. Not a failure of
                           the host: the input is wrong (e.g. a forged webhook). */
};

/* Outcome of one record handed to a sink. */
typedef int32_t mlc_outcome;
enum {
  MLC_OUTCOME_INSERTED = 1, /* Created in the target. */
  MLC_OUTCOME_UPDATED = 2,  /* Existed in the target and was changed. */
  MLC_OUTCOME_SKIPPED = 3,  /* Already up to date in the target, or nothing to do. */
  MLC_OUTCOME_FAILED = 4,   /* The target rejected it; the message says why. The host keeps it as
                               a dead letter (`mlc dead-letters`, `mlc replay`). */
  MLC_OUTCOME_HELD = 5,     /* A reference cannot be resolved yet (unknown vendor, unmapped GL
                               account); the message names it. The host retries it after a
                               mapping is set. */
  MLC_OUTCOME_RETRY = 6     /* Not attempted, or failed transiently (timeout, 5xx after the host's
                               retries): the host sends the record again and never dead-letters
                               it for this. The message says what happened. */
};

/* Log levels for mlc_host_t.log. */
typedef int32_t mlc_log_level;
enum { MLC_LOG_DEBUG = 0, MLC_LOG_INFO = 1, MLC_LOG_WARN = 2, MLC_LOG_ERROR = 3 };

/* A view of bytes owned by someone else: not NUL-terminated, UTF-8 where it holds text.
 * `ptr` may be NULL only when `len` is 0. Who owns the bytes and for how long is stated
 * wherever a view is passed. */
typedef struct mlc_bytes {
  const uint8_t *MLC_NULLABLE ptr;
  uint64_t len;
} mlc_bytes_t;

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

/* Receives bytes the other side hands over: a record, a token, a report. The receiver
 * copies what it keeps; `bytes` is borrowed until `put` returns. */
typedef struct mlc_emit {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void *MLC_NULLABLE context; /* Opaque; pass it back as the first argument of `put`. */
  /* [one call at a time per instance] [during the call] Returns MLC_OK, or MLC_FATAL when
   * the receiver cannot take it (for a record: not a canonical record, or larger than the
   * host accepts); stop emitting then and return from your function. */
  mlc_status (*put)(void *MLC_NULLABLE context, mlc_bytes_t bytes);
} mlc_emit_t;

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif
