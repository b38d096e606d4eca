/* mlc.h: the ml-connector plugin SDK, C ABI 2. Include this one header; it is the whole
 * contract, and a connector can be written from these headers alone.
 *
 * mlc_types.h     versions and change log, status codes, outcomes, byte views, emitters
 * mlc_http.h      HTTP requests a plugin asks the host to send
 * mlc_records.h   the canonical record envelope, read/write requests, outcomes, push events
 * mlc_host.h      the host services table passed to `open`
 * mlc_manifest.h  the manifest JSON: entities, config schema, auth, webhooks
 * mlc_plugin.h    what a connector exports: `mlc_plugin_entry` and `mlc_plugin_t`
 */
#pragma once

#include "mlc_types.h"
#include "mlc_http.h"
#include "mlc_records.h"
#include "mlc_host.h"
#include "mlc_manifest.h"
#include "mlc_plugin.h"
