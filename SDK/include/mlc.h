/* mlc.h: the ml-connector plugin SDK, C ABI v1. Include this one header.
 *
 * mlc_types.h   versions, status codes, outcomes, the byte view
 * mlc_http.h    HTTP requests a plugin asks the host to send
 * mlc_host.h    the host services table passed to `open`
 * mlc_plugin.h  what a connector exports: `mlc_plugin_entry` and `mlc_plugin_t`
 */
#pragma once

#include "mlc_types.h"
#include "mlc_http.h"
#include "mlc_host.h"
#include "mlc_plugin.h"
