/* mlc_http.h: an HTTP request a plugin asks the host to send, and the response it gets. */
#pragma once

#include "mlc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

/* One header line. Both views follow the ownership of the struct holding them. */
typedef struct mlc_http_header {
  mlc_bytes_t name;
  mlc_bytes_t value;
} mlc_http_header_t;

/* Request flags. */
enum {
  MLC_HTTP_NO_AUTH = 1u << 0,   /* Send without the connection's credentials. */
  MLC_HTTP_IDEMPOTENT = 1u << 1 /* Safe to resend a POST/PATCH after a timeout or reset (the
                                   plugin made it idempotent, e.g. a Snowflake requestId). */
};

/* Borrowed, with everything it points at, until `mlc_host_t.http` returns. */
typedef struct mlc_http_request {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  mlc_bytes_t method; /* "GET", "POST", "PATCH", "PUT", "DELETE". */
  mlc_bytes_t target; /* A path relative to the connection's base URL ("api/v2/odata/EPIC06/..."),
                         or an absolute URL whose host is the connection's. */
  mlc_bytes_t query;  /* Percent-encoded query without the '?', or empty. */
  const mlc_http_header_t *MLC_NULLABLE headers; /* Extra headers; the host adds auth ones. */
  uint64_t header_count;
  mlc_bytes_t body;
  uint32_t flags;      /* MLC_HTTP_* bits. */
  uint32_t timeout_ms; /* Total time for one attempt; 0 = the connection's default. */
} mlc_http_request_t;

/* Filled by the host; owned by the host (see mlc_host_t.http for how long it lives). */
typedef struct mlc_http_response {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  int32_t status;    /* HTTP status code of the final attempt. */
  uint32_t attempts; /* How many attempts the host made (1 = no retry). */
  const mlc_http_header_t *MLC_NULLABLE headers; /* Names lowercased. */
  uint64_t header_count;
  mlc_bytes_t body;
  void *MLC_NULLABLE host_handle; /* The host's; do not touch. */
} mlc_http_response_t;

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif
