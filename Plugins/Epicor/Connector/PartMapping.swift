import MLCPluginKit

/// `Erp.BO.PartSvc/Parts` rows → canonical `part`.
///
/// Columns from `PartRow` [V SNO]: `PartNum`, `PartDescription`, `IUM` (inventory unit),
/// `UnitPrice`, `InActive` (note the capital A), `ChangedOn` (the change time) and
/// `CreatedOn` (stands in for parts never changed).
struct PartMapping: RecordMapping {
  var entity: EpicorEntity { .part }
  var updatedAtColumns: [String] { ["ChangedOn", "CreatedOn"] }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    writer.field("code", ifPresent: row.string("PartNum"))
    writer.field("description", ifPresent: row.string("PartDescription"))
    writer.field("uom", ifPresent: row.string("IUM"))
    writer.field("unit_price", decimal: row.decimal("UnitPrice"))
    writer.field("active", ifPresent: row.bool("InActive").map { !$0 })
  }
}
