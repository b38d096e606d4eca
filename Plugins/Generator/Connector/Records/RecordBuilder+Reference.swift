import MLCPluginKit

/// The reference data other records point at: GL accounts, cost centers and parts.
extension RecordBuilder {
  /// Writes a GL account: `6100-104-10`, segments natural account, cost center, division.
  /// Each edit toggles `active`.
  mutating func writeGLAccount(_ index: Int, edits: Int) {
    let natural = ItemCatalog.chart[world.glNatural(index)]
    let center = world.glCostCenter(index)
    writer.key("data")
    writer.beginObject()
    writer.key("code")
    writeGLCode(index)
    writer.field("description", "\(natural.description) – \(costCenterName(center))")
    writer.field("type", natural.type)
    writer.key("segments")
    writer.beginArray()
    writer.beginObject()
    writer.field("number", int: 1)
    writer.field("code", natural.code)
    writer.endObject()
    writer.beginObject()
    writer.field("number", int: 2)
    writer.key("code")
    writeCostCenterCode(center)
    writer.endObject()
    writer.beginObject()
    writer.field("number", int: 3)
    writer.key("code")
    writeCode("", world.glDivision(index), width: 2)
    writer.endObject()
    writer.endArray()
    writer.key("cost_center_code")
    writeCostCenterCode(center)
    writer.field("active", bool: edits % 2 == 0)
    writer.endObject()
    writer.key("refs")
    writer.beginObject()
    writer.key("cost_center")
    writeKey(.costCenter, center)
    writer.endObject()
  }

  /// Writes a cost center. Each edit toggles `active`.
  mutating func writeCostCenter(_ index: Int, edits: Int) {
    writer.key("data")
    writer.beginObject()
    writer.key("code")
    writeCostCenterCode(index)
    writer.field("name", costCenterName(index))
    writer.field("active", bool: edits % 2 == 0)
    writer.endObject()
    writeNoRefs()
  }

  /// A cost center's name; beyond the catalog's names, numbered repeats ("Operations 2").
  func costCenterName(_ center: Int) -> String {
    let names = ItemCatalog.costCenterNames
    let name = names[center % names.count]
    return center < names.count ? name : "\(name) \(center / names.count + 1)"
  }

  /// Writes a part. Each edit raises its unit price.
  mutating func writePart(_ index: Int, edits: Int) {
    let facts = world.part(index)
    let kind = ItemCatalog.partKinds[facts.kind]
    writer.key("data")
    writer.beginObject()
    writer.key("code")
    writePartCode(index)
    writer.field("description", ItemCatalog.partDescriptions[ItemCatalog.partDescriptionOffsets[facts.kind] + facts.variant])
    writer.field("uom", kind.uom)
    writer.field("unit_price", decimal: world.partPrice(index, edits: edits), scale: 2)
    writer.field("active", bool: true)
    writer.endObject()
    writeNoRefs()
  }
}
