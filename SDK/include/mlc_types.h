/* mlc_types.h: versions, status codes and the byte view shared by every ml-connector header.
 *
 * Conventions used in every header of this SDK:
 * - Every struct starts with `struct_size`, `abi_major`, `abi_minor`. Fields are only ever
 *   appended. A reader copies min(struct_size, sizeof what it knows) and zero-fills the rest.
 * - Integers are fixed width; enums are plain integer constants, never enum-typed fields.
 * - "borrowed": the callee may read it until the call returns, then must forget it.
 * - "[any-thread]": may be called from any thread, concurrently.
 * - "[one call at a time]": the caller serializes calls (per instance unless said otherwise).
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
#define MLC_ABI_MAJOR 1
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
  MLC_NOT_FOUND = 5     /* A lookup found nothing (id map, secret name). */
};

/* Outcome of one record handed to a sink. */
typedef int32_t mlc_outcome;
enum {
  MLC_OUTCOME_INSERTED = 1, /* Created in the target. */
  MLC_OUTCOME_UPDATED = 2,  /* Existed in the target and was changed. */
  MLC_OUTCOME_SKIPPED = 3,  /* Already up to date in the target, or nothing to do. */
  MLC_OUTCOME_FAILED = 4,   /* Rejected; the message says why. The host keeps it as a dead letter. */
  MLC_OUTCOME_HELD = 5      /* A reference cannot be resolved yet (unknown vendor, unmapped GL account);
                               the message names it. The host retries after a mapping is set. */
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

#ifdef __cplusplus
}
#endif
