/* index.h: the key index of the jsonl sink, an open-addressing hash map from a record key to
 * where that record's line lives in the file and a hash of its bytes.
 *
 * The sink needs, per key: "have I written it?", "is it byte-identical?" and "where is its
 * line, to replace it?". Holding only keys, offsets and 64-bit content hashes (never record
 * bodies) keeps a million-record file at a few tens of megabytes.
 *
 * Layout: a dense array of entries (in insertion order, easy to walk) plus a power-of-two
 * slot table of entry numbers probed linearly. Key bytes live in one growing arena. There is
 * no removal: a key, once written to the file, stays in it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hidden: these helpers are not part of the connector's exported ABI. */
#pragma GCC visibility push(hidden)

/* Where one key's line is. `line_off`/`line_len` exclude the newline. The sink's per-batch
 * duplicate map reuses this type with `line_off` holding the record's batch index. */
typedef struct jl_index_entry {
  uint64_t key_off;      /* Into the index's key arena. */
  uint64_t line_off;     /* Byte offset of the line in the file. */
  uint64_t content_hash; /* jl_hash64 of the line's bytes. */
  uint32_t key_len;
  uint32_t line_len;
} jl_index_entry;

/* The map. Zero-initialise (or jl_index_init) before use; jl_index_free when done. */
typedef struct jl_index {
  jl_index_entry *entries;
  size_t count;
  size_t capacity;
  uint32_t *slots; /* 0 = empty, else entry number + 1. */
  size_t slot_count; /* A power of two, or 0 before the first insert. */
  uint8_t *keys;
  size_t keys_len;
  size_t keys_cap;
} jl_index;

/* A 64-bit hash of `len` bytes (not cryptographic: it only needs to spread keys and to make
 * "same hash" a strong hint of "same bytes", which the sink then confirms byte by byte). */
uint64_t jl_hash64(const uint8_t *bytes, size_t len);

void jl_index_init(jl_index *index);

/* Frees everything and leaves an empty, reusable index. */
void jl_index_free(jl_index *index);

/* Finds `key`; NULL when absent. The pointer is valid until the next insert. */
jl_index_entry *jl_index_find(const jl_index *index, const uint8_t *key, size_t key_len);

/* Finds `key` or adds it with a zeroed location; `*created` says which. NULL when out of
 * memory or past 4 billion keys. The pointer is valid until the next insert. */
jl_index_entry *jl_index_upsert(jl_index *index, const uint8_t *key, size_t key_len,
                                bool *created);

/* The bytes of an entry's key. */
static inline const uint8_t *jl_index_key(const jl_index *index, const jl_index_entry *entry) {
  return index->keys + entry->key_off;
}

#pragma GCC visibility pop
