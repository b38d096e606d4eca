import MLCPluginKit

/// Writes one canonical record at a time into a reused `JSONWriter`: the envelope here,
/// each entity's `data` and `refs` in the `RecordBuilder+<Entity>` files.
///
/// Built for throughput: no Foundation, no per-record `String` formatting. Keys, codes,
/// dates and money are written as string fragments straight into the writer's buffer,
/// and the last formatted `updated_at` is reused while `ties` records share it. A
/// non-copyable struct, so its many small writes need no exclusivity checks at run time.
struct RecordBuilder: ~Copyable {
  let world: GeneratorWorld
  /// The record being built; valid until the next `build`.
  var writer = JSONWriter(capacity: 16_384)
  /// Order lines of the record being built, reused between records.
  var lines: [OrderLine] = []
  /// The connection's pre-formatted strings.
  let texts: RecordTexts
  private var stampSecond = Int64.min
  private var stamp: [UInt8] = []

  init(world: GeneratorWorld, texts: RecordTexts) {
    self.world = world
    self.texts = texts
    lines.reserveCapacity(8)
  }

  /// Builds record `index` of `entity` as of `version` (the epoch of its latest change),
  /// stamped `updatedAt` (Unix seconds). The JSON is in `writer` afterwards.
  mutating func build(_ entity: GeneratedEntity, index: Int, version: Int, updatedAt: Int64) {
    writer.reset()
    writer.beginObject()
    writer.key("entity")
    writer.string(utf8: texts.entityNames[entity.rawValue])
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

  /// Writes a string value assembled by `build` in a temporary buffer: for the few
  /// irregular values (tax ids, addresses) of low-volume records.
  mutating func writeAssembled(_ build: (inout [UInt8]) -> Void) {
    var bytes: [UInt8] = []
    build(&bytes)
    writer.string(utf8: bytes)
  }

  /// Writes a record key: `GEN/PO/000311`.
  mutating func writeKey(_ entity: GeneratedEntity, _ index: Int) {
    writer.beginString()
    writer.stringFragment("GEN/")
    writer.stringFragment(entity.keyTag)
    writer.stringFragment("/")
    writer.stringFragment(digits: index + 1, width: world.keyWidths[entity.rawValue])
    writer.endString()
  }

  /// Writes a document number or code: `prefix` then the number zero-padded to `width`.
  mutating func writeCode(_ prefix: StaticString, _ number: Int, width: Int) {
    writer.beginString()
    writer.stringFragment(prefix)
    writer.stringFragment(digits: number, width: width)
    writer.endString()
  }

  /// Writes record `index`'s document number: `prefix` and its key's digits (`PO-000311`).
  mutating func writeNumber(_ prefix: StaticString, _ entity: GeneratedEntity, _ index: Int) {
    writeCode(prefix, index + 1, width: world.keyWidths[entity.rawValue])
  }

  /// Writes a vendor's code: `V000012`.
  mutating func writeVendorCode(_ vendor: Int) {
    writeNumber("V", .vendor, vendor)
  }

  /// Writes a part's code: `PRT-000123`.
  mutating func writePartCode(_ part: Int) {
    writeNumber("PRT-", .part, part)
  }

  /// Writes a cost center's code: `104`.
  mutating func writeCostCenterCode(_ center: Int) {
    if center < texts.costCenterCodes.count {
      writer.string(utf8: texts.costCenterCodes[center])
    } else {
      writeCode("", world.costCenterCode(center), width: 3)
    }
  }

  /// Writes a GL account's full code as the ERP prints it: `6100-104-10`.
  mutating func writeGLCode(_ account: Int) {
    if account < texts.glCodes.count {
      writer.string(utf8: texts.glCodes[account])
      return
    }
    writer.beginString()
    writer.stringFragment(digits: world.chartNumbers[world.glNatural(account)], width: 4)
    writer.stringFragment("-")
    writer.stringFragment(digits: world.costCenterCode(world.glCostCenter(account)), width: 3)
    writer.stringFragment("-")
    writer.stringFragment(digits: world.glDivision(account), width: 2)
    writer.endString()
  }

  /// Writes a date, `YYYY-MM-DD`, from a day number.
  mutating func writeDate(_ day: Int) {
    let offset = day - texts.firstDay
    if offset >= 0 && offset < texts.dates.count {
      writer.string(utf8: texts.dates[offset])
      return
    }
    let date = CivilCalendar.civil(days: Int64(day))
    writer.beginString()
    writer.stringFragment(digits: date.year, width: 4)
    writer.stringFragment("-")
    writer.stringFragment(digits: date.month, width: 2)
    writer.stringFragment("-")
    writer.stringFragment(digits: date.day, width: 2)
    writer.endString()
  }

  /// Writes `updated_at`, reusing the previous text while the second is the same.
  mutating func writeTimestamp(_ seconds: Int64) {
    if seconds != stampSecond {
      stamp.removeAll(keepingCapacity: true)
      CivilTime.appendTimestamp(seconds: seconds, to: &stamp)
      stampSecond = seconds
    }
    writer.string(utf8: stamp)
  }

  /// Writes the currency vendor `vendor` invoices in.
  mutating func writeCurrency(_ vendor: Int) {
    writer.string(utf8: texts.currencies[world.vendorCountry(vendor)])
  }

  /// Writes a quantity in hundredths: two decimals when fractional, else whole units.
  mutating func writeQuantity(_ line: OrderLine) {
    if line.fractional {
      writer.decimal(line.quantity, scale: 2)
    } else {
      writer.decimal(line.quantity / 100, scale: 0)
    }
  }

  /// Writes `"refs":{"vendor":"GEN/V/…"` and leaves the object open for more refs.
  mutating func beginRefs(vendor: Int) {
    writer.key("refs")
    writer.beginObject()
    writer.key("vendor")
    writeKey(.vendor, vendor)
  }

  /// Writes an empty `"refs":{}`.
  mutating func writeNoRefs() {
    writer.key("refs")
    writer.beginObject()
    writer.endObject()
  }

  @inline(__always)
  static func append(_ text: StaticString, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }
}
