import Foundation
import MLCSandboxKit

/// Fills a fresh instance with deterministic data: users, cost centers, a few existing
/// suppliers, and `count` purchase requisitions with their lines.
///
/// Everything is drawn from a `SplitMix64` seeded with the sandbox seed, so the same seed and
/// count give the same rows, sys_ids and numbers on every run. Requisition `sys_updated_on`
/// values come in runs of one to four equal timestamps, so any page size splits some run
/// across a page boundary: the case that breaks a connector paging with `>` instead of `>=`
/// plus de-duplication. About 70 % of requisitions are approved (`approval=approved`); the
/// rest are requested, rejected or not yet requested. Amounts are decimal strings computed in
/// whole cents.
enum SeedData {
  /// The first requisition's `sys_updated_on`.
  static let start = GlideDateTime.parse("2026-01-05 08:00:00")!

  /// Seeds `store`; call once, before serving.
  static func seed(_ store: RecordStore, requisitions count: Int, seed: UInt64, adminUser: String) {
    var random = SplitMix64(seed: seed ^ 0x5345_4544_4441_5441)
    store.insert("sys_user", ["user_name": adminUser, "first_name": "System", "last_name": "Administrator",
                              "name": "System Administrator", "email": "\(adminUser)@example.com", "active": "true"],
                 user: "system")
    let users = SeedCatalog.people.compactMap { person in
      store.insert("sys_user", [
        "user_name": person.userName, "first_name": person.first, "last_name": person.last,
        "name": "\(person.first) \(person.last)", "email": "\(person.userName)@example.com", "active": "true",
      ], user: "system")
    }
    let costCenters = SeedCatalog.costCenters.compactMap { center in
      store.insert("cmn_cost_center", ["code": center.code, "name": center.name, "erp_source": "SANDBOX"], user: "system")
    }
    let suppliers = SeedCatalog.suppliers.compactMap { supplier in
      store.insert("sn_fin_supplier", [
        "name": supplier.name, "legal_name": supplier.name, "erp_supplier_code": supplier.code, "erp_source": "SANDBOX",
        "city": supplier.city, "country": supplier.country, "currency": supplier.currency, "active": "true",
      ], user: "system")
    }
    guard !users.isEmpty, !suppliers.isEmpty, !costCenters.isEmpty else { return }

    var updated = start
    var runLeft = 0
    for _ in 0..<count {
      if runLeft == 0 {
        runLeft = 1 + pick(&random, 4)
        updated = updated.addingTimeInterval(TimeInterval(60 * (1 + pick(&random, 90))))
      }
      runLeft -= 1
      let requester = users[pick(&random, users.count)]
      let supplier = suppliers[pick(&random, suppliers.count)]
      let center = costCenters[pick(&random, costCenters.count)]
      let (approval, state) = status(&random)
      let created = updated.addingTimeInterval(-TimeInterval(3600 * pick(&random, 72)))
      let neededBy = updated.addingTimeInterval(TimeInterval(86_400 * (7 + pick(&random, 40))))
      let lineCount = 1 + pick(&random, 4)
      let products = (0..<lineCount).map { _ in SeedCatalog.products[pick(&random, SeedCatalog.products.count)] }
      let currency = supplier["currency"] ?? "USD"
      var lines: [(product: String, unit: String, quantity: Int, cents: Int)] = []
      for product in products {
        let cents = product.cents.lowerBound + pick(&random, product.cents.count)
        lines.append((product.name, product.unit, 1 + pick(&random, 20), cents))
      }
      let total = lines.reduce(0) { $0 + $1.quantity * $1.cents }
      let requesterName = requester["user_name"] ?? ""
      let stamps: Row = [
        "sys_created_on": GlideDateTime.format(created), "sys_updated_on": GlideDateTime.format(updated),
        "sys_created_by": requesterName, "sys_updated_by": approval == "approved" ? adminUser : requesterName,
        "sys_mod_count": String(approval == "not requested" ? 0 : 2 + pick(&random, 3)),
      ]
      var header: Row = [
        "short_description": "\(lines[0].product) for \(center["name"] ?? "")",
        "requested_for": requester["sys_id"] ?? "", "opened_by": requester["sys_id"] ?? "",
        "supplier": supplier["sys_id"] ?? "", "cost_center": center["sys_id"] ?? "", "currency": currency,
        "total_amount": money(total), "approval": approval, "state": state,
        "needed_by": GlideDateTime.formatDate(neededBy),
      ]
      header.merge(stamps) { $1 }
      guard let requisition = store.insert("sn_shop_purchase_requisition", header, user: requesterName, keepingTimestamps: true)
      else { continue }
      for (index, line) in lines.enumerated() {
        var values: Row = [
          "purchase_requisition": requisition["sys_id"] ?? "", "line_number": String(index + 1),
          "product_name": line.product, "quantity": String(line.quantity), "unit": line.unit,
          "unit_price": money(line.cents), "total_amount": money(line.cents * line.quantity), "currency": currency,
          "supplier": supplier["sys_id"] ?? "", "cost_center": center["sys_id"] ?? "",
          "gl_account": "6\(100 + pick(&random, 8) * 10)-\(center["code"]?.suffix(3) ?? "000")",
          "need_by_date": GlideDateTime.formatDate(neededBy),
        ]
        values.merge(stamps) { $1 }
        store.insert("sn_shop_purchase_line", values, user: requesterName, keepingTimestamps: true)
      }
    }
  }

  /// `cents` as a decimal string with two places: 123456 → "1234.56".
  static func money(_ cents: Int) -> String {
    let fraction = String(abs(cents) % 100)
    return (cents < 0 ? "-" : "") + String(abs(cents) / 100) + "." + (fraction.count == 1 ? "0" + fraction : fraction)
  }

  /// An approval and a matching state, about 70 % approved.
  private static func status(_ random: inout SplitMix64) -> (String, String) {
    switch pick(&random, 10) {
    case 0: return ("requested", "pending_approval")
    case 1: return ("rejected", "cancelled")
    case 2: return ("not requested", "draft")
    case 3, 4, 5: return ("approved", "ordered")
    default: return ("approved", "approved")
    }
  }

  /// A uniform integer in `0..<bound`.
  private static func pick(_ random: inout SplitMix64, _ bound: Int) -> Int {
    Int(random.next() % UInt64(max(bound, 1)))
  }
}
