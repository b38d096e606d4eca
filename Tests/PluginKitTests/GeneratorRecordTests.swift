import CMLCPlugin
import Foundation
import XCTest

/// What the generator's records contain: canonical fields, exact money, consistent sums
/// and references, realistic values.
final class GeneratorRecordTests: XCTestCase {
  /// One data set for the whole class: 200 purchase orders and what scales from them.
  nonisolated(unsafe) private static var cached: [String: [[String: Any]]]?

  private func dataSet() throws -> [String: [[String: Any]]] {
    if let cached = Self.cached { return cached }
    let raw = try GeneratorHarness.readAll(#"{"count":200,"seed":42}"#)
    let parsed = raw.mapValues { $0.map { GeneratorHarness.parse($0) } }
    Self.cached = parsed
    return parsed
  }

  private static let requiredData: [String: [String]] = [
    "vendor": ["code", "name", "legal_name", "tax_id", "email", "phone", "address", "terms_code", "currency", "active", "payment"],
    "gl_account": ["code", "description", "type", "segments", "cost_center_code", "active"],
    "cost_center": ["code", "name", "active"],
    "part": ["code", "description", "uom", "unit_price", "active"],
    "purchase_order": ["number", "vendor_code", "order_date", "due_date", "currency", "total", "status", "buyer", "lines"],
    "ap_invoice": ["number", "vendor_code", "invoice_date", "due_date", "currency", "amount", "tax_amount", "balance",
                   "po_number", "status", "description", "lines"],
    "ap_payment": ["number", "vendor_code", "payment_date", "currency", "amount", "method", "applications"],
    "procurement_request": ["number", "requester", "vendor_code", "needed_by", "currency", "total", "status", "lines"],
  ]
  private static let moneyFields: Set<String> = ["total", "amount", "unit_cost", "unit_price", "tax_amount", "balance"]
  private static let dateFields: Set<String> = ["order_date", "due_date", "invoice_date", "payment_date", "needed_by"]
  private static let integerFields: Set<String> = ["line", "po_line", "number"]

  func testCountsFollowTheDerivedDefaults() throws {
    let records = try dataSet()
    let counts = records.mapValues(\.count)
    XCTAssertEqual(counts, ["gl_account": 40, "cost_center": 8, "vendor": 10, "part": 20, "purchase_order": 200,
                            "ap_invoice": 160, "ap_payment": 100, "procurement_request": 40])
  }

  func testEveryRecordHasTheCanonicalEnvelopeAndFields() throws {
    let keyPattern = try NSRegularExpression(pattern: #"^GEN/(GL|CC|V|P|PO|INV|PAY|PR)/\d{6}$"#)
    let timePattern = try NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#)
    for (entity, records) in try dataSet() {
      var keys = Set<String>()
      for record in records {
        XCTAssertEqual(record["entity"] as? String, entity)
        let key = try XCTUnwrap(record["key"] as? String)
        XCTAssertTrue(matches(keyPattern, key), key)
        XCTAssertTrue(keys.insert(key).inserted, "duplicate key \(key)")
        XCTAssertTrue(matches(timePattern, record["updated_at"] as? String ?? ""), key)
        XCTAssertNotNil(record["refs"] as? [String: String], key)
        let data = try XCTUnwrap(record["data"] as? [String: Any], key)
        for field in Self.requiredData[entity] ?? [] {
          XCTAssertNotNil(data[field], "\(key) lacks data.\(field)")
        }
        try checkValues(data, key: key)
      }
    }
  }

  /// Money is a two-decimal string, dates are `YYYY-MM-DD`, no value is a binary float,
  /// and no present field is an empty string (unknown fields are left out).
  private func checkValues(_ value: Any, key: String, field: String = "") throws {
    let money = try NSRegularExpression(pattern: #"^-?\d+\.\d{2}$"#)
    let date = try NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}$"#)
    switch value {
    case let object as [String: Any]:
      for (name, member) in object { try checkValues(member, key: key, field: name) }
    case let array as [Any]:
      for element in array { try checkValues(element, key: key, field: field) }
    case let text as String:
      XCTAssertFalse(text.isEmpty, "\(key).\(field) is an empty string")
      if Self.moneyFields.contains(field) { XCTAssertTrue(matches(money, text), "\(key).\(field) = \(text)") }
      if Self.dateFields.contains(field) { XCTAssertTrue(matches(date, text), "\(key).\(field) = \(text)") }
    case let number as NSNumber:
      if field == "active" { return }  // The one boolean field.
      XCTAssertTrue(Self.integerFields.contains(field), "\(key).\(field) is a JSON number")
      XCTAssertEqual(number.doubleValue, number.doubleValue.rounded(), "\(key).\(field) is not an integer")
    default:
      XCTFail("\(key).\(field) has an unexpected value \(value)")
    }
  }

  func testStatusesCurrenciesAndLineCountsAreFromTheCanonicalSets() throws {
    let records = try dataSet()
    let currencies: Set<String> = ["USD", "EUR", "GBP", "JPY", "SEK", "DKK", "CAD"]
    let statuses: [String: Set<String>] = [
      "purchase_order": ["draft", "open", "approved", "closed", "void"],
      "ap_invoice": ["open", "posted", "paid", "void"],
      "procurement_request": ["draft", "submitted", "approved", "ordered", "rejected"],
    ]
    for (entity, allowed) in statuses {
      for record in records[entity] ?? [] {
        let data = record["data"] as? [String: Any] ?? [:]
        XCTAssertTrue(allowed.contains(data["status"] as? String ?? ""), "\(entity) status \(data["status"] ?? "")")
        XCTAssertTrue(currencies.contains(data["currency"] as? String ?? ""))
      }
    }
    for record in records["purchase_order"] ?? [] {
      let lines = (record["data"] as? [String: Any])?["lines"] as? [[String: Any]] ?? []
      XCTAssertTrue((1...5).contains(lines.count), "\(lines.count) lines")
      XCTAssertEqual(lines.map { $0["line"] as? Int ?? 0 }, Array(1...lines.count))
    }
    let orderCurrencies = Set((records["purchase_order"] ?? []).compactMap { ($0["data"] as? [String: Any])?["currency"] as? String })
    XCTAssertGreaterThan(orderCurrencies.count, 2, "orders come in several currencies")
  }

  func testLineAmountsSumToTotalsAndPaymentsSettleInvoices() throws {
    let records = try dataSet()
    for entity in ["purchase_order", "procurement_request"] {
      for record in records[entity] ?? [] {
        let data = try XCTUnwrap(record["data"] as? [String: Any])
        let lines = try XCTUnwrap(data["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { cents($0["amount"]) }.reduce(0, +), cents(data["total"]), "\(record["key"] ?? "")")
      }
    }
    var paidByInvoice: [String: Int] = [:]
    var payments: [String: (vendor: String, currency: String)] = [:]
    for record in records["ap_payment"] ?? [] {
      let data = try XCTUnwrap(record["data"] as? [String: Any])
      let applications = try XCTUnwrap(data["applications"] as? [[String: Any]])
      XCTAssertEqual(applications.map { cents($0["amount"]) }.reduce(0, +), cents(data["amount"]))
      XCTAssertGreaterThan(cents(data["amount"]), 0)
      for application in applications {
        let invoice = application["invoice_number"] as? String ?? ""
        paidByInvoice[invoice, default: 0] += cents(application["amount"])
        payments[invoice] = (data["vendor_code"] as? String ?? "", data["currency"] as? String ?? "")
      }
    }
    var paidCount = 0
    for record in records["ap_invoice"] ?? [] {
      let data = try XCTUnwrap(record["data"] as? [String: Any])
      let number = data["number"] as? String ?? ""
      let lines = try XCTUnwrap(data["lines"] as? [[String: Any]])
      let subtotal = lines.map { cents($0["amount"]) }.reduce(0, +)
      XCTAssertEqual(cents(data["amount"]), subtotal + cents(data["tax_amount"]), number)
      let balance = cents(data["amount"]) - (paidByInvoice[number] ?? 0)
      XCTAssertEqual(cents(data["balance"]), balance, number)
      XCTAssertGreaterThanOrEqual(balance, 0, number)
      XCTAssertEqual(data["status"] as? String == "paid", balance == 0, number)
      if balance == 0 { paidCount += 1 }
      if let payment = payments[number] {
        XCTAssertEqual(payment.vendor, data["vendor_code"] as? String, number)
        XCTAssertEqual(payment.currency, data["currency"] as? String, number)
      }
    }
    XCTAssertGreaterThan(paidCount, 0)
    XCTAssertEqual(Set(paidByInvoice.keys).subtracting((records["ap_invoice"] ?? []).compactMap {
      ($0["data"] as? [String: Any])?["number"] as? String }), [], "payments apply only to existing invoices")
  }

  func testReferencesAndCodesPointAtRecordsThatExist() throws {
    let records = try dataSet()
    var byKey: [String: [String: Any]] = [:]
    var codes: [String: Set<String>] = [:]
    for (entity, list) in records {
      for record in list {
        let data = record["data"] as? [String: Any] ?? [:]
        byKey[record["key"] as? String ?? ""] = data
        codes[entity, default: []].insert((data["code"] ?? data["number"]) as? String ?? "")
      }
    }
    let refEntity = ["vendor": "GEN/V/", "purchase_order": "GEN/PO/", "cost_center": "GEN/CC/"]
    for (entity, list) in records {
      for record in list {
        let key = record["key"] as? String ?? ""
        let data = record["data"] as? [String: Any] ?? [:]
        for (name, target) in record["refs"] as? [String: String] ?? [:] {
          XCTAssertTrue(target.hasPrefix(refEntity[name] ?? "?"), "\(key) refs.\(name) = \(target)")
          XCTAssertNotNil(byKey[target], "\(key) refs.\(name) points at missing \(target)")
        }
        let refs = record["refs"] as? [String: String] ?? [:]
        if let vendorCode = data["vendor_code"] as? String {
          XCTAssertEqual(byKey[refs["vendor"] ?? ""]?["code"] as? String, vendorCode, key)
        }
        if entity == "ap_invoice" {
          XCTAssertEqual(byKey[refs["purchase_order"] ?? ""]?["number"] as? String, data["po_number"] as? String, key)
        }
        if entity == "gl_account" {
          XCTAssertEqual(byKey[refs["cost_center"] ?? ""]?["code"] as? String, data["cost_center_code"] as? String, key)
        }
        for line in data["lines"] as? [[String: Any]] ?? [] {
          XCTAssertTrue(codes["part", default: []].contains(line["part_code"] as? String ?? ""), key)
          XCTAssertTrue(codes["gl_account", default: []].contains(line["gl_account_code"] as? String ?? ""), key)
          XCTAssertTrue(codes["cost_center", default: []].contains(line["cost_center_code"] as? String ?? ""), key)
        }
      }
    }
  }

  func testVendorsIncludeNonASCIINamesAndFullAddresses() throws {
    let vendors = try dataSet()["vendor"] ?? []
    let names = Set(vendors.compactMap { ($0["data"] as? [String: Any])?["name"] as? String })
    for name in ["Müller Präzisionsteile GmbH", "Société Générale d'Équipement", "Østergaard & Søn A/S",
                 "株式会社山田製作所", "Åkesson Industri AB"] {
      XCTAssertTrue(names.contains(name), "missing vendor \(name)")
    }
    for vendor in vendors {
      let address = (vendor["data"] as? [String: Any])?["address"] as? [String: String] ?? [:]
      XCTAssertEqual(address["country"]?.count, 2)
      XCTAssertNotNil(address["city"])
      XCTAssertNotNil(address["postal_code"])
    }
  }

  func testCheckDescribesTheDataAndBadConfigNamesTheField() throws {
    let driver = try GeneratorHarness.open(#"{"count":50,"seed":7,"epoch":2}"#)
    XCTAssertEqual(driver.check().report, #"{"ok":true,"detail":"generator ready: 50 purchase orders, seed 7, epoch 2"}"#)

    let cases: [(String, String)] = [
      (#"{"count":0}"#, #"generator config: "count" must be an integer from 1 to 100000000"#),
      (#"{"count":"10"}"#, #"generator config: "count" must be an integer from 1 to 100000000"#),
      (#"{"change_rate":1.5}"#, #"generator config: "change_rate" must be a number from 0 to 1"#),
      (#"{"epoch":-1}"#, #"generator config: "epoch" must be an integer from 0 to 100000"#),
      (#"{"ties":0}"#, #"generator config: "ties" must be an integer from 1 to 1000000"#),
      (#"{"base_time":"yesterday"}"#, #"generator config: "base_time" must be an RFC 3339 timestamp"#),
      (#"{"counts":{"vendor":0}}"#, #"generator config: "counts.vendor" must be an integer from 1 to 100000000"#),
      (#"{"counts":{"vendors":3}}"#, #"generator config: "counts.vendors" is not a known field"#),
      (#"{"counts":{"ap_invoice":0}}"#, #"generator config: "counts" asks for payments but no invoices"#),
      (#"{"cuont":5}"#, #"generator config: "cuont" is not a known field"#),
    ]
    for (config, message) in cases {
      let failing = PluginDriver(UnsafeRawPointer(driver.plugin))
      XCTAssertEqual(failing.open(config), mlc_status(MLC_CONFIG_ERROR), config)
      let reported = failing.host.errors.last?.message ?? ""
      XCTAssertTrue(reported.hasPrefix(message), "\(config): \(reported)")
    }
  }

  private func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
    pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }
}

/// A money string in cents ("1234.50" → 123450), or a huge sentinel that fails comparisons.
func cents(_ value: Any?) -> Int {
  guard let text = value as? String, let dot = text.firstIndex(of: ".") else { return Int.min / 2 }
  let whole = Int(text[..<dot]) ?? 0
  let fraction = Int(text[text.index(after: dot)...]) ?? 0
  return text.hasPrefix("-") ? whole * 100 - fraction : whole * 100 + fraction
}
