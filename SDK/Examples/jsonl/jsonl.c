/* jsonl.c: the jsonl connector's entry point, descriptor and manifest, plus the instance
 * lifecycle (open, close, check) and the error/log helpers the other files use.
 *
 * The connector keeps one JSON Lines file per canonical entity in a directory:
 * `<dir>/vendor.jsonl`, `<dir>/ap_invoice.jsonl`, ... As a source it reads a file back in
 * cursor order; as a sink it keeps one line per record key (upsert) or appends (append).
 * Read README.md next to this file for the walk-through of the ABI calls.
 */
#define _POSIX_C_SOURCE 200809L

#include "jsonl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The manifest: what the host shows users and checks configs against. One static string, as
 * the ABI requires ("static for the life of the process"). */
static const char manifest[] =
    "{\"name\":\"jsonl\",\"version\":\"1.0.0\","
    "\"entities\":{"
    "\"read\":[\"gl_account\",\"cost_center\",\"vendor\",\"part\",\"purchase_order\","
    "\"ap_invoice\",\"ap_payment\",\"procurement_request\"],"
    "\"write\":[\"gl_account\",\"cost_center\",\"vendor\",\"part\",\"purchase_order\","
    "\"ap_invoice\",\"ap_payment\",\"procurement_request\"]},"
    "\"config_schema\":{\"type\":\"object\",\"additionalProperties\":false,"
    "\"required\":[\"dir\"],\"properties\":{"
    "\"dir\":{\"type\":\"string\",\"minLength\":1,\"format\":\"path\","
    "\"description\":\"Directory holding <entity>.jsonl files; the host resolves a relative "
    "path against the directory of the deployment config.\"},"
    "\"mode\":{\"type\":\"string\",\"enum\":[\"upsert\",\"append\"],\"default\":\"upsert\","
    "\"description\":\"upsert: one line per record key (identical records are skipped, changed "
    "ones replaced); append: every record is appended.\"},"
    "\"fsync\":{\"type\":\"boolean\",\"default\":true,"
    "\"description\":\"Flush each write to disk before reporting it, so a crash cannot lose "
    "records the host already counted as delivered.\"},"
    "\"create\":{\"type\":\"boolean\",\"default\":true,"
    "\"description\":\"Create the directory (and its parents) when it is missing.\"}}},"
    "\"auth\":[\"none\"],\"concurrent\":false}";

/* Entity names indexed by entity number; must match the manifest's lists. */
static const char *entity_name(int id) {
  static const char *const names[JL_ENTITY_COUNT] = {
      "gl_account", "cost_center", "vendor",     "part",
      "purchase_order", "ap_invoice", "ap_payment", "procurement_request"};
  return names[id];
}

void jl_copy_in(void *dst, size_t dst_size, const void *src) {
  uint32_t src_size;
  memcpy(&src_size, src, sizeof src_size); /* struct_size is every ABI struct's first field */
  memset(dst, 0, dst_size);
  memcpy(dst, src, src_size < dst_size ? src_size : dst_size);
}

mlc_status jl_fail(const jl_instance *inst, mlc_status status, const char *format, ...) {
  char message[2048];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(message, sizeof message, format, args);
  va_end(args);
  size_t len = n < 0 ? 0 : (size_t)n < sizeof message ? (size_t)n : sizeof message - 1;
  if (inst->host.error != NULL) {
    inst->host.error(inst->host.host_data, (mlc_bytes_t){(const uint8_t *)message, len}, 0);
  }
  return status;
}

void jl_log(const jl_instance *inst, mlc_log_level level, const char *format, ...) {
  char message[2048];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(message, sizeof message, format, args);
  va_end(args);
  size_t len = n < 0 ? 0 : (size_t)n < sizeof message ? (size_t)n : sizeof message - 1;
  if (inst->host.log != NULL) {
    inst->host.log(inst->host.host_data, level, (mlc_bytes_t){(const uint8_t *)message, len});
  }
}

mlc_status jl_entity_file(const jl_instance *inst, mlc_bytes_t entity, const char *verb,
                          int *out_id, char **out_path) {
  for (int id = 0; id < JL_ENTITY_COUNT; id++) {
    const char *name = entity_name(id);
    if (entity.len != strlen(name) || memcmp(entity.ptr, name, entity.len) != 0) {
      continue;
    }
    size_t size = strlen(inst->config.dir) + 1 + entity.len + sizeof ".jsonl";
    char *path = malloc(size);
    if (path == NULL) {
      return jl_fail(inst, MLC_FATAL, "jsonl: out of memory");
    }
    snprintf(path, size, "%s/%s.jsonl", inst->config.dir, name);
    *out_id = id;
    *out_path = path;
    return MLC_OK;
  }
  /* Entities come from the flow's config, so show what was asked (bounded) and what works. */
  int shown = entity.len > 80 ? 80 : (int)entity.len;
  return jl_fail(inst, MLC_UNSUPPORTED,
                 "jsonl: cannot %s entity \"%.*s\": it is not a canonical entity; this "
                 "connector %ss gl_account, cost_center, vendor, part, purchase_order, "
                 "ap_invoice, ap_payment and procurement_request",
                 verb, shown, entity.ptr != NULL ? (const char *)entity.ptr : "", verb);
}

/* Creates an instance from the connection's config. Nothing touches the disk yet: a bad
 * directory is reported by `check` or the first read/write, with a message saying how. */
static mlc_status jl_open(const mlc_plugin_t *self, const mlc_host_t *host, mlc_bytes_t config,
                          void **out_instance) {
  (void)self; /* one connector per library: nothing to tell apart */
  *out_instance = NULL;
  jl_instance *inst = calloc(1, sizeof *inst);
  if (inst == NULL) {
    static const char oom[] = "jsonl: out of memory while opening the connection";
    host->error(host->host_data, (mlc_bytes_t){(const uint8_t *)oom, sizeof oom - 1}, 0);
    return MLC_FATAL;
  }
  jl_copy_in(&inst->host, sizeof inst->host, host);
  char message[1024];
  mlc_status status = jl_config_parse(config, &inst->config, message, sizeof message);
  if (status != MLC_OK) {
    jl_fail(inst, status, "%s", message);
    free(inst);
    return status;
  }
  *out_instance = inst;
  return MLC_OK;
}

void jl_entity_state_free(jl_entity_state *state) {
  jl_index_free(&state->index);
  free(state->stale);
  memset(state, 0, sizeof *state);
}

static void jl_close(void *instance) {
  jl_instance *inst = instance;
  if (inst == NULL) {
    return;
  }
  for (int id = 0; id < JL_ENTITY_COUNT; id++) {
    jl_entity_state_free(&inst->sink[id]);
  }
  jl_config_free(&inst->config);
  free(inst);
}

/* Appends `text` to `out` as the inside of a JSON string (quotes, backslashes and control
 * characters escaped); returns false when `out` is too small. */
static bool json_escape(const char *text, char *out, size_t size) {
  size_t n = 0;
  for (const unsigned char *c = (const unsigned char *)text; *c != 0; c++) {
    char piece[8];
    if (*c == '"' || *c == '\\') {
      snprintf(piece, sizeof piece, "\\%c", *c);
    } else if (*c < 0x20) {
      snprintf(piece, sizeof piece, "\\u%04x", *c);
    } else {
      piece[0] = (char)*c;
      piece[1] = 0;
    }
    size_t len = strlen(piece);
    if (n + len >= size) {
      return false;
    }
    memcpy(out + n, piece, len);
    n += len;
  }
  out[n] = 0;
  return true;
}

/* Proves the directory is usable: it exists (or is created), a probe file can be created,
 * written, read back and removed. Doing the real operations, rather than asking access(),
 * also catches read-only mounts, full disks and quota limits. */
static mlc_status jl_check(void *instance, const mlc_emit_t *report_in) {
  jl_instance *inst = instance;
  mlc_emit_t report;
  jl_copy_in(&report, sizeof report, report_in);
  if (report.put == NULL) {
    return jl_fail(inst, MLC_FATAL, "jsonl: the host passed a report emitter without `put`");
  }
  mlc_status status = jl_ensure_dir(inst);
  if (status != MLC_OK) {
    return status;
  }
  const char *dir = inst->config.dir;
  char probe[PATH_MAX];
  if (snprintf(probe, sizeof probe, "%s/.mlc-jsonl-check-XXXXXX", dir) >= (int)sizeof probe) {
    return jl_fail(inst, MLC_CONFIG_ERROR, "jsonl: directory path %s is too long", dir);
  }
  int fd = mkstemp(probe);
  if (fd < 0) {
    return jl_fail(inst, MLC_CONFIG_ERROR,
                   "jsonl: cannot create a file in %s: %s; give the host's user write "
                   "permission there or choose another \"dir\"",
                   dir, strerror(errno));
  }
  static const uint8_t token[] = "mlc-jsonl-check\n";
  uint8_t back[sizeof token];
  int err = jl_pwrite_all(fd, token, sizeof token - 1, 0);
  if (err == 0) {
    err = jl_pread_all(fd, back, sizeof token - 1, 0);
  }
  if (err == 0 && memcmp(back, token, sizeof token - 1) != 0) {
    err = EIO;
  }
  close(fd);
  unlink(probe);
  if (err != 0) {
    return jl_fail(inst, MLC_CONFIG_ERROR, "jsonl: cannot write and read back a file in %s: %s",
                   dir, strerror(err));
  }
  char escaped[PATH_MAX * 2];
  char json[PATH_MAX * 2 + 100];
  if (!json_escape(dir, escaped, sizeof escaped)) {
    return jl_fail(inst, MLC_FATAL, "jsonl: directory path %s is too long to report", dir);
  }
  int len = snprintf(json, sizeof json,
                     "{\"ok\":true,\"detail\":\"directory %s is readable and writable\"}", escaped);
  status = report.put(report.context, (mlc_bytes_t){(const uint8_t *)json, (uint64_t)len});
  if (status != MLC_OK) {
    return jl_fail(inst, MLC_FATAL, "jsonl: the host refused the check report");
  }
  return MLC_OK;
}

/* The descriptor: static, never written, the same for every call of the entry point. */
static const mlc_plugin_t descriptor = {
    .struct_size = sizeof(mlc_plugin_t),
    .abi_major = MLC_ABI_MAJOR,
    .abi_minor = MLC_ABI_MINOR,
    .manifest_json = manifest,
    .open = jl_open,
    .close = jl_close,
    .check = jl_check,
    .read_open = jl_read_open,
    .read_next = jl_read_next,
    .read_close = jl_read_close,
    .write = jl_write,
};

/* The one exported symbol. This connector uses nothing newer than ABI 2.0, so it accepts any
 * host of major 2 whatever its minor; another major may have changed any struct: refuse. It
 * holds one connector, so only index 0 answers. */
MLC_EXPORT const mlc_plugin_t *mlc_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor,
                                                uint32_t index) {
  (void)host_abi_minor;
  return host_abi_major == MLC_ABI_MAJOR && index == 0 ? &descriptor : NULL;
}
