/* mlc_host.h: the services the host offers a plugin instance, in one append-only table. */
#pragma once

#include "mlc_http.h"
#include "mlc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

/* Receives bytes the host or plugin hands over: a record, a token, a report. The receiver
 * copies what it keeps; `bytes` is borrowed until `put` returns. */
typedef struct mlc_emit {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void *MLC_NULLABLE context; /* Opaque; pass it back as the first argument of `put`. */
  /* [one call at a time] Returns MLC_OK, or MLC_FATAL when the receiver cannot take it
   * (for a record: not a JSON object, or larger than the host accepts); stop emitting then. */
  mlc_status (*put)(void *MLC_NULLABLE context, mlc_bytes_t bytes);
} mlc_emit_t;

/* The host's services for one plugin instance. Passed to `open`; valid, with everything it
 * points at, until `close` returns. Every function takes `host_data` first. Functions are
 * [any-thread] unless marked: an instance whose manifest says "concurrent": true may call
 * them from several threads at once. Never NULL in a host of this ABI major. */
typedef struct mlc_host {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void *MLC_NULLABLE host_data;

  /* Writes a log line attributed to this connection. `message` is borrowed; the host
   * redacts every known secret value from it before it reaches any log. */
  void (*log)(void *MLC_NULLABLE host_data, mlc_log_level level, mlc_bytes_t message);

  /* Explains the status the current plugin call is about to return (MLC_RETRY, MLC_FATAL,
   * MLC_CONFIG_ERROR). Say what failed, where (entity, record key, field) and what to do.
   * `retry_after_ms` (0 = unknown) tells the host when MLC_RETRY may succeed. The last
   * call before the plugin function returns wins. [one call at a time] */
  void (*error)(void *MLC_NULLABLE host_data, mlc_bytes_t message, uint32_t retry_after_ms);

  /* Looks up an optional service by id such as "mlc.webhook/1". Returns a pointer to a
   * table owned by the host, valid until `close`, or NULL when this host lacks it. */
  const void *MLC_NULLABLE (*MLC_NONNULL extension)(void *MLC_NULLABLE host_data, const char *id);

  /* Sends one HTTP request on this instance's connection. The host resolves `target`
   * against the connection's base URL, refuses any other host, attaches credentials,
   * applies timeouts, rate limits and retries (429, 5xx, timeouts, one token refresh on
   * 401), and fills `*response`. Returns MLC_OK whenever a final response arrived, even a
   * 4xx; MLC_RETRY when the retry budget ran out; MLC_FATAL or MLC_CONFIG_ERROR otherwise,
   * with the reason recorded as by `error`. The response stays valid until `http_release`
   * or until the plugin call that made the request returns, whichever comes first. */
  mlc_status (*http)(void *MLC_NULLABLE host_data, const mlc_http_request_t *request,
                     mlc_http_response_t *response);

  /* Frees a response early (long reads that make many requests). Optional to call. */
  void (*http_release)(void *MLC_NULLABLE host_data, mlc_http_response_t *response);

  /* Verifies an HMAC-SHA256 `signature` (raw bytes) of `message` under the secret named
   * `secret_name`, in constant time. MLC_OK when it matches, MLC_FATAL when it does not,
   * MLC_NOT_FOUND for an unknown secret. The secret never enters plugin memory. */
  mlc_status (*hmac_sha256_verify)(void *MLC_NULLABLE host_data, mlc_bytes_t secret_name,
                                   mlc_bytes_t message, mlc_bytes_t signature);

  /* Signs a JWT with the key in the secret `secret_name` (`alg` "RS256" for an RSA private
   * key in PEM, "HS256" for a shared secret) over `claims_json`, and hands the compact
   * token to `out`. */
  mlc_status (*jwt_sign)(void *MLC_NULLABLE host_data, mlc_bytes_t secret_name, mlc_bytes_t alg,
                         mlc_bytes_t claims_json, const mlc_emit_t *out);

  /* Finds the target system's key for a record this flow already delivered (the id map,
   * filled from sink outcomes): `entity` and `source_key` as in the canonical record.
   * Hands the target key to `out`; MLC_NOT_FOUND when the record has not been delivered. */
  mlc_status (*lookup)(void *MLC_NULLABLE host_data, mlc_bytes_t entity, mlc_bytes_t source_key,
                       const mlc_emit_t *out);

  /* Translates a value through a deployment mapping table (`mlc map set TABLE FROM TO`), e.g.
   * a GL account to a cost center. Hands the mapped value to `out`; MLC_NOT_FOUND when the
   * table has no row for `value`: report the record HELD, naming the table and value, and
   * the host retries it on a later run once someone sets the mapping. */
  mlc_status (*mapping)(void *MLC_NULLABLE host_data, mlc_bytes_t table, mlc_bytes_t value,
                        const mlc_emit_t *out);
} mlc_host_t;

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif
