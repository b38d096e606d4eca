import MLCPluginKit

/// Writes one canonical record at a time into a reused `JSONWriter`: the envelope here,
/// each entity's `data` and `refs` in the `RecordBuilder+<Entity>` files.
///
/// Built for throughput: no Foundation, no per-record `String` formatting. Keys, codes,
/// dates and money are appended as digits straight into buffers that live as long as the
/// builder, and the last formatted `updated_at` is reused while `ties` records share it.
final class RecordBuilder {
  let world: GeneratorWorld
  /// The record being built; valid until the next `build`.
  var writer = JSONWriter(capacity: 16_384)
  /// Scratch space for strings assembled from parts (keys, codes, dates).
  private var scratch: [UInt8] = []
  /// Order lines of the record being built, reused between records.
  var lines: [OrderLine] = []
  private var stampSecond = Int64.min
  private var stamp: [UInt8] = []

  init(world: GeneratorWorld) {
    self.world = world
    scratch.reserveCapacity(256)
    lines.reserveCapacity(8)
  }

  /// Builds record `index` of `entity` as of `version` (the epoch of its latest change),
  /// stamped `updatedAt` (Unix seconds). The JSON is in `writer` afterwards.
  func build(_ entity: GeneratedEntity, index: Int, version: Int, updatedAt: Int64) {
    writer.reset()
    writer.beginObject()
    writer.key("entity")
    writer.string(entity.name)
    writer.key("key")
    writeKey(entity, index)
    writer.key("updated_at")
    writeTimestamp(updatedAt)
    let edits = world.timeline.editCount(entity, index, through: version)
    switch entity {
    case .glAccount: writeGLAccount(index, edits: edits)
    case .costCenter: writeCostCenter(index, edits: edits)
    case .vendor: writeVendor(index, edits: edits)
    case .part: writePart(index, edits: edits)
    case .purchaseOrder: writePurchaseOrder(index, edits: edits)
    case .apInvoice: writeInvoice(index, edits: edits)
    case .apPayment: writePayment(index, edits: edits)
    case .procurementRequest: writeProcurementRequest(index, edits: edits)
    }
    writer.endObject()
  }

  // MARK: Strings built from parts

  /// Writes a string value assembled by `build` in the scratch buffer.
  @inline(__always)
  func writeAssembled(_ build: (inout [UInt8]) -> Void) {
    scratch.removeAll(keepingCapacity: true)
    build(&scratch)
    scratch.withUnsafeBytes { writer.string(utf8: $0) }
  }

  /// Writes a record key: `GEN/PO/000311`.
  func writeKey(_ entity: GeneratedEntity, _ index: Int) {
    let width = world.keyWidths[entity.rawValue]
    writeAssembled { bytes in
      Self.append("GEN/", to: &bytes)
      Self.append(entity.keyTag, to: &bytes)
      bytes.append(UInt8(ascii: "/"))
      DecimalDigits.appendPadded(index + 1, width: width, to: &bytes)
    }
  }

  /// Writes a document number or code: `prefix` then the number zero-padded to `width`.
  func writeCode(_ prefix: StaticString, _ number: Int, width: Int) {
    writeAssembled { bytes in
      Self.append(prefix, to: &bytes)
      DecimalDigits.appendPadded(number, width: width, to: &bytes)
    }
  }

  /// Writes record `index`'s document number: `prefix` and its key's digits (`PO-000311`).
  func writeNumber(_ prefix: StaticString, _ entity: GeneratedEntity, _ index: Int) {
    writeCode(prefix, index + 1, width: world.keyWidths[entity.rawValue])
  }

  /// Writes a vendor's code: `V000012`.
  func writeVendorCode(_ vendor: Int) {
    writeNumber("V", .vendor, vendor)
  }

  /// Writes a part's code: `PRT-000123`.
  func writePartCode(_ part: Int) {
    writeNumber("PRT-", .part, part)
  }

  /// Writes a cost center's code: `104`.
  func writeCostCenterCode(_ center: Int) {
    writeCode("", world.costCenterCode(center), width: 3)
  }

  /// Writes a GL account's full code as the ERP prints it: `6100-104-10`.
  func writeGLCode(_ account: Int) {
    let natural = ItemCatalog.chart[world.glNatural(account)].code
    let center = world.costCenterCode(world.glCostCenter(account))
    let division = world.glDivision(account)
    writeAssembled { bytes in
      bytes.append(contentsOf: natural.utf8)
      bytes.append(UInt8(ascii: "-"))
      DecimalDigits.appendPadded(center, width: 3, to: &bytes)
      bytes.append(UInt8(ascii: "-"))
      DecimalDigits.appendPadded(division, width: 2, to: &bytes)
    }
  }

  /// Writes a date, `YYYY-MM-DD`, from a day number.
  func writeDate(_ day: Int) {
    writeAssembled { CivilTime.appendDate(days: day, to: &$0) }
  }

  /// Writes `updated_at`, reusing the previous text while the second is the same.
  func writeTimestamp(_ seconds: Int64) {
    if seconds != stampSecond {
      stamp.removeAll(keepingCapacity: true)
      CivilTime.appendTimestamp(seconds: seconds, to: &stamp)
      stampSecond = seconds
    }
    stamp.withUnsafeBytes { writer.string(utf8: $0) }
  }

  /// Writes a quantity in hundredths: two decimals when fractional, else whole units.
  func writeQuantity(_ line: OrderLine) {
    if line.fractional {
      writer.decimal(line.quantity, scale: 2)
    } else {
      writer.decimal(line.quantity / 100, scale: 0)
    }
  }

  /// Writes `"refs":{"vendor":"GEN/V/…"}` and closes nothing: the caller adds more refs.
  func beginRefs(vendor: Int) {
    writer.key("refs")
    writer.beginObject()
    writer.key("vendor")
    writeKey(.vendor, vendor)
  }

  /// Writes an empty `"refs":{}`.
  func writeNoRefs() {
    writer.key("refs")
    writer.beginObject()
    writer.endObject()
  }

  @inline(__always)
  static func append(_ text: StaticString, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }
}
