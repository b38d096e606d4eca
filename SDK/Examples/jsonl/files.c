/* files.c: the file-system work shared by the source and the sink: making the directory,
 * locking it, mapping a file and walking its lines, and writing durably.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock(), not in POSIX but on Linux, the BSDs and macOS */

#include "jsonl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p: creates each missing component of `path` in turn. */
static int make_path(char *path) {
  for (char *slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
    *slash = 0;
    int failed = mkdir(path, 0777) != 0 && errno != EEXIST;
    *slash = '/';
    if (failed) {
      return errno;
    }
  }
  return mkdir(path, 0777) != 0 && errno != EEXIST ? errno : 0;
}

mlc_status jl_ensure_dir(jl_instance *inst) {
  if (inst->dir_ready) {
    return MLC_OK;
  }
  char *dir = inst->config.dir;
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno != ENOENT) {
      return jl_fail(inst, MLC_CONFIG_ERROR, "jsonl: cannot use directory %s: %s", dir,
                     strerror(errno));
    }
    if (!inst->config.create) {
      return jl_fail(inst, MLC_CONFIG_ERROR,
                     "jsonl: directory %s does not exist; create it, or set \"create\": true in "
                     "the connection's config",
                     dir);
    }
    int err = make_path(dir);
    if (err != 0) {
      return jl_fail(inst, MLC_CONFIG_ERROR, "jsonl: cannot create directory %s: %s", dir,
                     strerror(err));
    }
    jl_log(inst, MLC_LOG_INFO, "jsonl: created directory %s", dir);
    if (stat(dir, &st) != 0) {
      return jl_fail(inst, MLC_CONFIG_ERROR, "jsonl: cannot use directory %s: %s", dir,
                     strerror(errno));
    }
  }
  if (!S_ISDIR(st.st_mode)) {
    return jl_fail(inst, MLC_CONFIG_ERROR,
                   "jsonl: %s is not a directory; set \"dir\" to a directory", dir);
  }
  inst->dir_ready = true;
  return MLC_OK;
}

int jl_lock_dir(jl_instance *inst, bool exclusive) {
  int fd = open(inst->config.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    jl_fail(inst, MLC_FATAL, "jsonl: cannot open directory %s: %s", inst->config.dir,
            strerror(errno));
    return -2;
  }
  int rc;
  do {
    rc = flock(fd, exclusive ? LOCK_EX : LOCK_SH);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    /* Some network file systems refuse flock on a directory. Working unlocked is still
     * right for the usual single writer, so warn (once) rather than stop. */
    if (!inst->lock_warned) {
      jl_log(inst, MLC_LOG_WARN,
             "jsonl: cannot lock directory %s (%s); make sure only one connection writes there",
             inst->config.dir, strerror(errno));
      inst->lock_warned = true;
    }
    close(fd);
    return -1;
  }
  return fd;
}

void jl_unlock_dir(int dir_fd) {
  if (dir_fd >= 0) {
    close(dir_fd); /* closing the last descriptor releases the flock */
  }
}

mlc_status jl_fsync_dir(const jl_instance *inst, int dir_fd) {
  int fd = dir_fd >= 0 ? dir_fd : open(inst->config.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int rc = fd < 0 ? -1 : fsync(fd);
  int err = errno;
  if (fd >= 0 && fd != dir_fd) {
    close(fd);
  }
  /* EINVAL: this file system cannot sync directories (it orders metadata itself). */
  if (rc != 0 && err != EINVAL) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot fsync directory %s: %s", inst->config.dir,
                   strerror(err));
  }
  return MLC_OK;
}

mlc_status jl_map(const jl_instance *inst, int fd, const char *path, jl_mapped *out) {
  out->bytes = NULL;
  out->size = 0;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot stat %s: %s", path, strerror(errno));
  }
  if (st.st_size == 0) {
    return MLC_OK;
  }
  if ((uint64_t)st.st_size > SIZE_MAX) {
    return jl_fail(inst, MLC_FATAL, "jsonl: %s is too large to map on this machine", path);
  }
  /* Mapping instead of reading keeps a large file out of the heap: pages come and go with
   * the page cache, and a record handed to the host is a pointer into the map. */
  void *bytes = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (bytes == MAP_FAILED) {
    return jl_fail(inst, MLC_FATAL, "jsonl: cannot map %s: %s", path, strerror(errno));
  }
  out->bytes = bytes;
  out->size = (size_t)st.st_size;
  return MLC_OK;
}

void jl_unmap(jl_mapped *mapped) {
  if (mapped->bytes != NULL) {
    munmap((void *)mapped->bytes, mapped->size);
  }
  mapped->bytes = NULL;
  mapped->size = 0;
}

bool jl_next_line(const jl_mapped *mapped, uint64_t *pos, uint64_t *number, jl_line *line) {
  if (*pos >= mapped->size) {
    return false;
  }
  const uint8_t *start = mapped->bytes + *pos;
  size_t left = mapped->size - (size_t)*pos;
  const uint8_t *newline = memchr(start, '\n', left);
  size_t len = newline != NULL ? (size_t)(newline - start) : left;
  line->bytes = start;
  line->off = *pos;
  line->number = ++*number;
  line->terminated = newline != NULL;
  *pos += len + (newline != NULL ? 1 : 0);
  if (len > 0 && start[len - 1] == '\r') {
    len--; /* CRLF files from Windows tools read the same as LF ones */
  }
  line->len = len;
  return true;
}

bool jl_line_is_blank(const jl_line *line) {
  for (size_t i = 0; i < line->len; i++) {
    if (line->bytes[i] != ' ' && line->bytes[i] != '\t' && line->bytes[i] != '\r') {
      return false;
    }
  }
  return true;
}

int jl_pwrite_all(int fd, const uint8_t *bytes, size_t len, uint64_t off) {
  while (len > 0) {
    ssize_t n = pwrite(fd, bytes, len, (off_t)off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) {
      return EIO; /* no progress and no error: do not spin */
    }
    bytes += n;
    len -= (size_t)n;
    off += (uint64_t)n;
  }
  return 0;
}

void jl_trim(const uint8_t **bytes, size_t *len) {
  while (*len > 0 && (**bytes == ' ' || **bytes == '\t' || **bytes == '\r' || **bytes == '\n')) {
    (*bytes)++;
    (*len)--;
  }
  while (*len > 0) {
    uint8_t last = (*bytes)[*len - 1];
    if (last != ' ' && last != '\t' && last != '\r' && last != '\n') break;
    (*len)--;
  }
}

int jl_pread_all(int fd, uint8_t *out, size_t len, uint64_t off) {
  while (len > 0) {
    ssize_t n = pread(fd, out, len, (off_t)off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0 ? EIO : errno;
    out += n;
    len -= (size_t)n;
    off += (uint64_t)n;
  }
  return 0;
}
