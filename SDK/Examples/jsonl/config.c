/* config.c: reads the connection's config object, for example
 *   {"dir": "/var/lib/mlc/export", "mode": "upsert", "fsync": true, "create": true}
 * Every mistake is reported with the field's name and the value found, because the person
 * reading the message is editing mlc.json, not this code.
 */
#define _POSIX_C_SOURCE 200809L

#include "jsonl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { FIELD_DIR, FIELD_MODE, FIELD_FSYNC, FIELD_CREATE, FIELD_COUNT };

/* Formats into the caller's message buffer and returns MLC_CONFIG_ERROR. */
static mlc_status config_error(char *message, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static mlc_status config_error(char *message, size_t size, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(message, size, format, args);
  va_end(args);
  return MLC_CONFIG_ERROR;
}

/* At most this many bytes of a wrong value are quoted back in a message. */
#define SHOWN(value) ((value).raw_len > 80 ? 80 : (int)(value).raw_len), (const char *)(value).raw

/* Reads a boolean field; absent keeps the default. */
static mlc_status read_bool(const js_field *field, bool *out, char *message, size_t size) {
  switch (field->value.type) {
    case JS_ABSENT: return MLC_OK;
    case JS_TRUE: *out = true; return MLC_OK;
    case JS_FALSE: *out = false; return MLC_OK;
    default:
      return config_error(message, size, "jsonl config: \"%s\" must be true or false, got %.*s",
                          field->name, SHOWN(field->value));
  }
}

/* Turns the configured directory into an absolute path without a trailing slash, so that
 * messages and `check` name the real place even if the host changes directory later. */
static mlc_status absolute_dir(const uint8_t *dir, size_t len, char **out, char *message,
                               size_t size) {
  char cwd[4096] = "";
  if (dir[0] != '/' && getcwd(cwd, sizeof cwd) == NULL) {
    return config_error(message, size,
                        "jsonl config: \"dir\" is relative and the working directory is "
                        "unknown (%s); use an absolute path",
                        strerror(errno));
  }
  while (len > 1 && dir[len - 1] == '/') {
    len--;
  }
  size_t cwd_len = strlen(cwd);
  char *path = malloc(cwd_len + 1 + len + 1);
  if (path == NULL) {
    return config_error(message, size, "jsonl config: out of memory");
  }
  if (cwd_len > 0) {
    memcpy(path, cwd, cwd_len);
    path[cwd_len++] = '/';
  }
  memcpy(path + cwd_len, dir, len);
  path[cwd_len + len] = 0;
  *out = path;
  return MLC_OK;
}

/* Reads "dir": a required, non-empty string. */
static mlc_status read_dir(const js_field *field, jl_config *out, char *message, size_t size) {
  if (field->value.type == JS_ABSENT) {
    return config_error(message, size,
                        "jsonl config: \"dir\" is required: the directory that holds (or will "
                        "hold) the <entity>.jsonl files");
  }
  if (field->value.type != JS_STRING) {
    return config_error(message, size,
                        "jsonl config: \"dir\" must be a string (a directory path), got %.*s",
                        SHOWN(field->value));
  }
  const uint8_t *dir;
  size_t len;
  uint8_t *owned;
  if (!js_string_value(&field->value, &dir, &len, &owned)) {
    return config_error(message, size, "jsonl config: out of memory");
  }
  mlc_status status = MLC_OK;
  if (len == 0) {
    status = config_error(message, size, "jsonl config: \"dir\" must not be empty");
  } else if (memchr(dir, 0, len) != NULL) {
    status = config_error(message, size, "jsonl config: \"dir\" must not contain \\u0000");
  } else {
    status = absolute_dir(dir, len, &out->dir, message, size);
  }
  free(owned);
  return status;
}

/* Reads "mode": "upsert" (the default) or "append". */
static mlc_status read_mode(const js_field *field, jl_config *out, char *message, size_t size) {
  if (field->value.type == JS_ABSENT) {
    return MLC_OK;
  }
  const uint8_t *mode = NULL;
  size_t len = 0;
  uint8_t *owned = NULL;
  if (field->value.type == JS_STRING && !js_string_value(&field->value, &mode, &len, &owned)) {
    return config_error(message, size, "jsonl config: out of memory");
  }
  mlc_status status = MLC_OK;
  if (mode != NULL && len == 6 && memcmp(mode, "upsert", 6) == 0) {
    out->mode = JL_MODE_UPSERT;
  } else if (mode != NULL && len == 6 && memcmp(mode, "append", 6) == 0) {
    out->mode = JL_MODE_APPEND;
  } else {
    status = config_error(message, size,
                          "jsonl config: \"mode\" must be \"upsert\" or \"append\", got %.*s",
                          SHOWN(field->value));
  }
  free(owned);
  return status;
}

mlc_status jl_config_parse(mlc_bytes_t json, jl_config *out, char *message, size_t size) {
  memset(out, 0, sizeof *out);
  out->mode = JL_MODE_UPSERT;
  out->fsync = true;
  out->create = true;

  js_field fields[FIELD_COUNT] = {
      [FIELD_DIR] = {.name = "dir"},
      [FIELD_MODE] = {.name = "mode"},
      [FIELD_FSYNC] = {.name = "fsync"},
      [FIELD_CREATE] = {.name = "create"},
  };
  static const uint8_t empty_object[] = "{}";
  const uint8_t *text = json.len > 0 ? json.ptr : empty_object;
  size_t len = json.len > 0 ? (size_t)json.len : 2;
  js_value unknown;
  js_error err;
  if (!js_scan_object(text, len, fields, FIELD_COUNT, &unknown, &err)) {
    return config_error(message, size, "jsonl config: not a valid JSON object: %s at byte %zu",
                        err.reason, err.offset);
  }
  if (unknown.type != JS_ABSENT) {
    return config_error(message, size,
                        "jsonl config: unknown field %.*s; the fields are \"dir\", \"mode\", "
                        "\"fsync\" and \"create\"",
                        SHOWN(unknown));
  }
  mlc_status status = read_dir(&fields[FIELD_DIR], out, message, size);
  if (status == MLC_OK) status = read_mode(&fields[FIELD_MODE], out, message, size);
  if (status == MLC_OK) status = read_bool(&fields[FIELD_FSYNC], &out->fsync, message, size);
  if (status == MLC_OK) status = read_bool(&fields[FIELD_CREATE], &out->create, message, size);
  if (status != MLC_OK) {
    jl_config_free(out);
  }
  return status;
}

void jl_config_free(jl_config *config) {
  free(config->dir);
  config->dir = NULL;
}
