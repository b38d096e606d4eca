import MLCPluginKit

/// `Erp.BO.COASegValuesSvc/COASegValues` rows of the configured segment → canonical
/// `cost_center`.
///
/// Epicor has no cost-center object; a deployment keeps cost centers as the values of one
/// chart-of-accounts segment (SYSTEMS.md §1.3 [U]: it depends on the COA), named by
/// `cost_center_segment`. The key is `(COACode, SegmentNbr, SegmentCode)` [V SNO]; `code` is
/// `SegmentCode`, `name` is `SegmentName`, `active` is `Active`.
struct CostCenterMapping: RecordMapping {
  var entity: EpicorEntity { .costCenter }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    writer.field("code", ifPresent: row.string("SegmentCode"))
    writer.field("name", ifPresent: row.string(anyOf: ["SegmentName", "SegmentDesc", "Description"]))
    writer.field("active", ifPresent: row.bool("Active"))
  }
}
