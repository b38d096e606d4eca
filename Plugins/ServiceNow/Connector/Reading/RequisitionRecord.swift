import MLCPluginKit

/// Builds the canonical `procurement_request` for one purchase requisition and its lines.
///
/// `key` is the requisition's sys_id, which never changes (a number can be re-keyed by an
/// admin); `updated_at` and `cursor` are its `sys_updated_on` in RFC 3339 UTC. The supplier
/// becomes `vendor_code` and `refs.vendor` through its "ERP supplier code", which holds the
/// ERP's vendor key when the supplier was loaded through the staging tables, so the
/// return path to the ERP can find its own vendor. The requester is the person's name,
/// cost centers their code, amounts and quantities the instance's decimal text as it is.
struct RequisitionRecord {
  let suppliers: ReferenceCache
  let users: ReferenceCache
  let costCenters: ReferenceCache

  /// The record for requisition `header` (Table API row), `lines` ordered by line number.
  func record(_ header: [String: String], id: String, stamp: String, lines: [[String: String]]) -> JSONWriter {
    var writer = JSONWriter(capacity: 1024)
    writer.beginObject()
    writer.field("entity", "procurement_request")
    writer.field("key", id)
    writer.field("updated_at", stamp)
    writer.field("cursor", stamp)
    writer.key("data")
    writer.beginObject()
    writer.field("number", ifPresent: Self.value(header, "number"))
    writer.field("requester", ifPresent: users.value(header["requested_for"], "name") ?? users.value(header["requested_for"], "user_name"))
    let vendorCode = suppliers.value(header["supplier"], "erp_supplier_code")
    writer.field("vendor_code", ifPresent: vendorCode)
    writer.field("needed_by", ifPresent: Self.value(header, "needed_by").map { String($0.prefix(10)) })
    writer.field("currency", ifPresent: Self.value(header, "currency"))
    writer.field("total", ifPresent: Self.value(header, "total_amount"))
    writer.field("status", ifPresent: Self.value(header, "state"))
    writer.key("lines")
    writer.beginArray()
    for (position, line) in lines.enumerated() {
      writer.beginObject()
      writer.field("line", int: Self.value(line, "line_number").flatMap { Int($0) } ?? position + 1)
      writer.field("description", ifPresent: Self.value(line, "product_name"))
      writer.field("quantity", ifPresent: Self.value(line, "quantity"))
      writer.field("uom", ifPresent: Self.value(line, "unit"))
      writer.field("unit_cost", ifPresent: Self.value(line, "unit_price"))
      writer.field("amount", ifPresent: Self.value(line, "total_amount"))
      writer.field("gl_account_code", ifPresent: Self.value(line, "gl_account"))
      writer.field("cost_center_code", ifPresent: costCenters.value(line["cost_center"] ?? header["cost_center"], "code"))
      writer.endObject()
    }
    writer.endArray()
    writer.endObject()
    writer.key("refs")
    writer.beginObject()
    writer.field("vendor", ifPresent: vendorCode)
    writer.endObject()
    writer.endObject()
    return writer
  }

  /// A column's value, nil when empty.
  private static func value(_ row: [String: String], _ name: String) -> String? {
    guard let value = row[name], !value.isEmpty else { return nil }
    return value
  }
}
