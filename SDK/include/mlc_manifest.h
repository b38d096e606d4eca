/* mlc_manifest.h: the manifest every connector declares in `mlc_plugin_t.manifest_json`.
 *
 * UTF-8 JSON, one object. The host refuses a plugin whose manifest breaks a rule below,
 * with the rule in the reason (`mlc plugins` shows it).
 *
 * {
 *   "name": "acme",             required; [a-z][a-z0-9_-]*, at most 64 bytes; unique in a
 *                               plugin directory (two files declaring one name are both
 *                               refused, so neither silently wins)
 *   "version": "1.4.0",         required; non-empty string (semantic versioning advised)
 *   "entities": {               required; at least one entity in "read" or "write"
 *     "read":  ["vendor", ...],   canonical entities a source emits (mlc_records.h)
 *     "write": ["vendor", ...]    canonical entities a sink accepts
 *   },
 *   "config_schema": {...},     required; a JSON Schema the host checks the connection's
 *                               "config" against BEFORE `open` (see below)
 *   "auth": ["oauth2_client_credentials", ...],
 *                               optional; the host auth profiles the connector works with
 *                               ("none" when it makes no authenticated calls)
 *   "concurrent": false,        optional; true lets the host call one instance from
 *                               several threads at once
 *   "webhooks": [ ... ]         optional; push routes (see below); needs `decode_event`
 * }
 *
 * config_schema: the host enforces this subset of JSON Schema and refuses anything else in
 * a schema: "type" ("object", "array", "string", "integer", "number", "boolean", "null",
 * or a list of them), "properties", "required", "additionalProperties" (false or a
 * schema), "enum", "items", "minimum", "maximum", "minLength", "maxLength", and the
 * annotations "description", "default", "title", "examples". A config that does not match
 * is refused before the plugin sees it, with the JSON path, e.g.
 *   connections.erp.config.page_size: expected integer, got "100"
 * "format": "path" on a string makes the host resolve a relative value against the
 * directory of the deployment config file before `open`, so "dir": "out" means the same
 * wherever mlc is started. "default" is documentation: the host does not fill defaults in.
 *
 * webhooks: each entry declares one route the host listens on for this connector, at
 * `/hooks/<connection>/<route>`:
 *   {"route": "events",                       [a-z0-9_-]+, unique in the manifest
 *    "entities": ["purchase_order", ...],     what `decode_event` may emit for it
 *    "signature": {"scheme": "hmac_sha256",   or "shared_secret" (the header carries the
 *                                             secret itself; compared in constant time)
 *                  "header": "x-signature",   where the sender puts it (lowercase)
 *                  "encoding": "base64",      "base64" or "hex" (hmac_sha256 only)
 *                  "prefix": "sha256="},      optional text before the encoded value
 *    "event_id": {"header": "x-event-id"}     or {"json_pointer": "/eventId"}: the sender's
 *   }                                         id for redelivery; absent: SHA-256 of the body
 * The deployment names the secret (never the manifest) and may override header, encoding
 * and prefix per connection. The host verifies each event before storing it, answers 2xx
 * only after the event is stored durably, drops redelivered ids, and hands stored events to
 * `decode_event` when the connection's flows run.
 */
#pragma once

/* The longest manifest name, in bytes. */
#define MLC_MANIFEST_NAME_MAX 64
