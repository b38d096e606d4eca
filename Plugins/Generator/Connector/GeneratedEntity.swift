/// The eight canonical entities the generator produces, with the parts of their keys.
///
/// Raw values order them as the router writes them (reference data first) and index
/// per-entity tables.
enum GeneratedEntity: Int, CaseIterable, Sendable {
  case glAccount, costCenter, vendor, part, purchaseOrder, apInvoice, apPayment, procurementRequest

  /// The canonical entity name, e.g. `"purchase_order"`.
  var name: String {
    switch self {
    case .glAccount: return "gl_account"
    case .costCenter: return "cost_center"
    case .vendor: return "vendor"
    case .part: return "part"
    case .purchaseOrder: return "purchase_order"
    case .apInvoice: return "ap_invoice"
    case .apPayment: return "ap_payment"
    case .procurementRequest: return "procurement_request"
    }
  }

  /// The entity for a canonical name, or nil.
  init?(name: String) {
    guard let entity = Self.allCases.first(where: { $0.name == name }) else { return nil }
    self = entity
  }

  /// The middle part of its keys: `GEN/<tag>/000042`.
  var keyTag: StaticString {
    switch self {
    case .glAccount: return "GL"
    case .costCenter: return "CC"
    case .vendor: return "V"
    case .part: return "P"
    case .purchaseOrder: return "PO"
    case .apInvoice: return "INV"
    case .apPayment: return "PAY"
    case .procurementRequest: return "PR"
    }
  }

  /// A per-entity constant mixed into every hash, so entities with equal indices differ.
  var salt: UInt64 { 0x6765_6E00_0000_0000 | UInt64(rawValue + 1) }
}
