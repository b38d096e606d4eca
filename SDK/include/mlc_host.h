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

/* The host's services for one plugin instance. Passed to `open`; valid, with everything it
 * points at, until `close` returns. Every function takes `host_data` first and is never
 * NULL in a host of this ABI major. Each is a plain request and answer: every input is
 * borrowed for the call only and every output is copied to the plugin (an `mlc_emit_t`) or
 * lives until the plugin call ends, so the same table can be served from another process.
 * Call them only from inside a plugin call on this instance (open .. close), on the
 * thread that runs it or on threads it waits for. */
typedef struct mlc_host {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void *MLC_NULLABLE host_data;

  /* [any thread] Writes a log line attributed to this connection. `message` is borrowed;
   * the host redacts every known secret value from it before it reaches any log. */
  void (*log)(void *MLC_NULLABLE host_data, mlc_log_level level, mlc_bytes_t message);

  /* [one call at a time per instance] Explains the status the current plugin call is about
   * to return (MLC_RETRY, MLC_FATAL, MLC_CONFIG_ERROR). Say what failed, where (entity,
   * record key, field) and what to do. `retry_after_ms` (0 = unknown) tells the host when
   * MLC_RETRY may succeed. The last call before the plugin function returns wins. */
  void (*error)(void *MLC_NULLABLE host_data, mlc_bytes_t message, uint32_t retry_after_ms);

  /* [any thread] Looks up an optional service by id such as "mlc.example/1". Returns a
   * pointer to a table owned by the host, valid until `close`, or NULL when this host lacks
   * it (this version has none: plugins must cope with NULL). */
  const void *MLC_NULLABLE (*MLC_NONNULL extension)(void *MLC_NULLABLE host_data, const char *id);

  /* [any thread] Sends one HTTP request on this instance's connection. The host resolves `target`
   * against the connection's base URL, refuses any other host, attaches credentials,
   * applies timeouts, rate limits and retries (429, 5xx, timeouts, one token refresh on
   * 401), and fills `*response`. Returns MLC_OK whenever a final response arrived, even a
   * 4xx; MLC_RETRY when the retry budget ran out; MLC_FATAL or MLC_CONFIG_ERROR otherwise,
   * with the reason recorded as by `error`. The response stays valid until `http_release`
   * or until the plugin call that made the request returns, whichever comes first. */
  mlc_status (*http)(void *MLC_NULLABLE host_data, const mlc_http_request_t *request,
                     mlc_http_response_t *response);

  /* [any thread] Frees a response early (long reads that make many requests). Optional. */
  void (*http_release)(void *MLC_NULLABLE host_data, mlc_http_response_t *response);

  /* [any thread] Verifies an HMAC-SHA256 `signature` (raw bytes) of `message` under the
   * secret named `secret_name`, in constant time. MLC_OK when it matches, MLC_MISMATCH when
   * it does not, MLC_NOT_FOUND for an unknown secret, MLC_CONFIG_ERROR or MLC_FATAL when the
   * host cannot verify (say, the vault is locked). The secret never enters plugin memory. */
  mlc_status (*hmac_sha256_verify)(void *MLC_NULLABLE host_data, mlc_bytes_t secret_name,
                                   mlc_bytes_t message, mlc_bytes_t signature);

  /* [any thread] Signs a JWT with the key in the secret `secret_name` (`alg` "RS256" for an RSA private
   * key in PEM, "HS256" for a shared secret) over `claims_json`, and hands the compact
   * token to `out`. */
  mlc_status (*jwt_sign)(void *MLC_NULLABLE host_data, mlc_bytes_t secret_name, mlc_bytes_t alg,
                         mlc_bytes_t claims_json, const mlc_emit_t *out);

  /* [any thread] Finds the target system's key for a record this flow already delivered (the id map,
   * filled from sink outcomes): `entity` and `source_key` as in the canonical record.
   * Hands the target key to `out`; MLC_NOT_FOUND when the record has not been delivered. */
  mlc_status (*lookup)(void *MLC_NULLABLE host_data, mlc_bytes_t entity, mlc_bytes_t source_key,
                       const mlc_emit_t *out);

  /* [any thread] Translates a value through a deployment mapping table (`mlc map set TABLE FROM TO`), e.g.
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
