/* index.c: the open-addressing key index (see index.h). */
#include "index.h"

#include <stdlib.h>
#include <string.h>

/* Mixes 64 bits so every input bit affects every output bit (the splitmix64 finaliser). */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t jl_hash64(const uint8_t *bytes, size_t len) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
  size_t i = 0;
  /* Eight bytes per step; memcpy is the portable unaligned load and compiles to one move. */
  for (; i + 8 <= len; i += 8) {
    uint64_t word;
    memcpy(&word, bytes + i, 8);
    h = (h ^ mix64(word)) * 0x9fb21c651e98df25ULL;
  }
  uint64_t tail = 0;
  for (size_t shift = 0; i < len; i++, shift += 8) {
    tail |= (uint64_t)bytes[i] << shift;
  }
  return mix64(h ^ mix64(tail ^ 0x2545f4914f6cdd1dULL));
}

void jl_index_init(jl_index *index) {
  memset(index, 0, sizeof *index);
}

void jl_index_free(jl_index *index) {
  free(index->entries);
  free(index->slots);
  free(index->keys);
  jl_index_init(index);
}

/* The slot where `key` is, or the empty slot where it would go. */
static size_t probe(const jl_index *index, const uint8_t *key, size_t key_len, uint64_t hash) {
  size_t mask = index->slot_count - 1;
  size_t slot = (size_t)hash & mask;
  for (;;) {
    uint32_t n = index->slots[slot];
    if (n == 0) {
      return slot;
    }
    const jl_index_entry *e = &index->entries[n - 1];
    if (e->key_len == key_len &&
        (key_len == 0 || memcmp(index->keys + e->key_off, key, key_len) == 0)) {
      return slot;
    }
    slot = (slot + 1) & mask;
  }
}

jl_index_entry *jl_index_find(const jl_index *index, const uint8_t *key, size_t key_len) {
  if (index->slot_count == 0) {
    return NULL;
  }
  uint32_t n = index->slots[probe(index, key, key_len, jl_hash64(key, key_len))];
  return n == 0 ? NULL : &index->entries[n - 1];
}

/* Doubles the slot table and re-seats every entry. Keeping the load under 1/2 keeps probe
 * runs short with linear probing. */
static bool grow_slots(jl_index *index) {
  size_t count = index->slot_count == 0 ? 1024 : index->slot_count * 2;
  uint32_t *slots = calloc(count, sizeof *slots);
  if (slots == NULL) {
    return false;
  }
  free(index->slots);
  index->slots = slots;
  index->slot_count = count;
  for (size_t i = 0; i < index->count; i++) {
    const jl_index_entry *e = &index->entries[i];
    size_t slot = probe(index, index->keys + e->key_off, e->key_len,
                        jl_hash64(index->keys + e->key_off, e->key_len));
    slots[slot] = (uint32_t)(i + 1);
  }
  return true;
}

/* Grows `*buffer` (of `size`-byte items) so it holds at least `need` items. */
static bool reserve(void **buffer, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) {
    return true;
  }
  size_t grown = *cap < 64 ? 64 : *cap;
  while (grown < need) {
    grown += grown / 2;
  }
  void *p = realloc(*buffer, grown * size);
  if (p == NULL) {
    return false;
  }
  *buffer = p;
  *cap = grown;
  return true;
}

jl_index_entry *jl_index_upsert(jl_index *index, const uint8_t *key, size_t key_len,
                                bool *created) {
  if ((index->count + 1) * 2 > index->slot_count && !grow_slots(index)) {
    return NULL;
  }
  uint64_t hash = jl_hash64(key, key_len);
  size_t slot = probe(index, key, key_len, hash);
  if (index->slots[slot] != 0) {
    *created = false;
    return &index->entries[index->slots[slot] - 1];
  }
  if (index->count >= UINT32_MAX - 1 || key_len > UINT32_MAX ||
      !reserve((void **)&index->entries, &index->capacity, index->count + 1,
               sizeof *index->entries) ||
      !reserve((void **)&index->keys, &index->keys_cap, index->keys_len + key_len, 1)) {
    return NULL;
  }
  if (key_len > 0) {
    memcpy(index->keys + index->keys_len, key, key_len);
  }
  jl_index_entry *e = &index->entries[index->count];
  *e = (jl_index_entry){.key_off = index->keys_len, .key_len = (uint32_t)key_len};
  index->keys_len += key_len;
  index->slots[slot] = (uint32_t)(++index->count);
  *created = true;
  return e;
}
