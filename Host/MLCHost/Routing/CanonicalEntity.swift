/// The canonical entities, in the order a flow delivers them: reference data first, so a
/// purchase order never arrives before the vendor and GL accounts it points at.
enum CanonicalEntity {
  static let deliveryOrder = [
    "gl_account", "cost_center", "vendor", "part",
    "purchase_order", "ap_invoice", "ap_payment", "procurement_request",
  ]

  static func isKnown(_ name: String) -> Bool { deliveryOrder.contains(name) }

  /// Sorts entity names into delivery order; unknown names keep their relative order at the end.
  static func ordered(_ names: [String]) -> [String] {
    names.sorted { (deliveryOrder.firstIndex(of: $0) ?? Int.max) < (deliveryOrder.firstIndex(of: $1) ?? Int.max) }
  }
}
