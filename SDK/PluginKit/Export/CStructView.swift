/// Reads the fields of a C struct that the other side of the ABI allocated, honouring its
/// `struct_size`.
///
/// Every ABI struct starts with `uint32_t struct_size`, and fields are only ever appended,
/// so a struct from an older host may be shorter than the one this kit was compiled
/// against. A field that lies beyond `struct_size` reads as absent (nil) instead of as
/// whatever memory follows. Pointer fields load as optionals even where the header
/// promises non-NULL, so a broken host yields a clean error rather than a crash.
struct CStructView<Layout> {
  private let base: UnsafeRawPointer
  /// The size the allocating side declared, in bytes.
  let declaredSize: Int

  init(_ pointer: UnsafePointer<Layout>) {
    base = UnsafeRawPointer(pointer)
    declaredSize = Int(base.load(as: UInt32.self))
  }

  /// Loads `field` as `type` (which must have the field's size, e.g. the optional form of
  /// a pointer type), or nil when the field is not within `struct_size`.
  func load<Field, Value>(_ field: KeyPath<Layout, Field>, as type: Value.Type) -> Value? {
    guard MemoryLayout<Value>.size == MemoryLayout<Field>.size,
          let offset = MemoryLayout<Layout>.offset(of: field),
          offset + MemoryLayout<Field>.size <= declaredSize else { return nil }
    return base.load(fromByteOffset: offset, as: Value.self)
  }

  /// Loads a plain-data field (integers, byte views), or nil when it is not within
  /// `struct_size`.
  func load<Field>(_ field: KeyPath<Layout, Field>) -> Field? {
    load(field, as: Field.self)
  }

  /// Whether the pointer-sized `field` is within `struct_size` and not NULL.
  func hasPointer<Field>(_ field: KeyPath<Layout, Field>) -> Bool {
    (load(field, as: UnsafeRawPointer?.self) ?? nil) != nil
  }
}
