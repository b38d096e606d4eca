import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest

/// The seed data: deterministic per seed, the promised volumes and shapes, realistic text,
/// tied change dates, exact decimals, and fast enough to build at benchmark size.
final class EpicorSandboxSeedTests: XCTestCase {
  func testSameSeedGivesSameDataAndOtherSeedsDiffer() throws {
    let first = try EpicorSandbox(options: SandboxOptions(records: 150, seed: 3))
    let second = try EpicorSandbox(options: SandboxOptions(records: 150, seed: 3))
    let other = try EpicorSandbox(options: SandboxOptions(records: 150, seed: 4))
    for table in first.tableNames {
      XCTAssertEqual(first.allRows(table), second.allRows(table), table)
    }
    XCTAssertNotEqual(first.allRows("Vendor"), other.allRows("Vendor"))
    XCTAssertNotEqual(first.allRows("POHeader"), other.allRows("POHeader"))
  }

  func testVolumesAndRelationships() throws {
    let sandbox = try EpicorSandbox(options: SandboxOptions(records: 400, seed: 9))
    XCTAssertEqual(sandbox.count("POHeader"), 400)
    XCTAssertEqual(sandbox.count("Vendor"), 20)
    XCTAssertEqual(try EpicorSandbox(options: SandboxOptions(records: 10, seed: 9)).count("Vendor"), 5)
    let lines = Dictionary(grouping: sandbox.allRows("PODetail"), by: { $0["PONUM"]! })
    XCTAssertEqual(lines.count, 400)
    XCTAssertTrue(lines.values.allSatisfy { (1...5).contains($0.count) })
    let invoices = sandbox.count("APInvHed")
    XCTAssertGreaterThan(invoices, 400 / 2, "most POs are invoiced")
    XCTAssertLessThan(invoices, 400)
    XCTAssertGreaterThan(sandbox.count("CheckHed"), 0)
    XCTAssertEqual(sandbox.count("CheckHed"), sandbox.count("APTran"))
    XCTAssertEqual(sandbox.count("APInvDtl"), sandbox.count("APInvExp"))
    XCTAssertGreaterThan(sandbox.count("Part"), 0)

    for po in sandbox.allRows("POHeader").prefix(50) {
      let total = lines[po["PONum"]!]!.filter { $0["VoidLine"] == "false" }.reduce(Decimal(0)) { $0 + Decimal(string: $1["DocExtCost"]!)! }
      XCTAssertEqual(Decimal(string: po["DocTotalOrder"]!)!, po["VoidOrder"] == "true" ? Decimal(0) : total, "PO \(po["PONum"]!)")
      XCTAssertGreaterThanOrEqual(po["ChangeDate"]!, po["OrderDate"]!)
    }
    for payment in sandbox.allRows("APTran") {
      let invoice = try XCTUnwrap(sandbox.row("APInvHed", key: [payment["VendorNum"]!, payment["InvoiceNum"]!]))
      let balance = Decimal(string: invoice["DocInvoiceAmt"]!)! - Decimal(string: payment["DocTranAmt"]!)!
      XCTAssertEqual(Decimal(string: invoice["DocInvoiceBal"]!)!, balance)
    }
    let accounts = Set(sandbox.allRows("GLAccount").map { $0["GLAccount1"]! })
    XCTAssertTrue(sandbox.allRows("APInvExp").allSatisfy { accounts.contains($0["GLAccount"]!) })
  }

  func testNamesAreRealisticAndTimestampsTie() throws {
    let sandbox = try EpicorSandbox(options: SandboxOptions(records: 2000, seed: 1))
    let names = sandbox.allRows("Vendor").map { $0["Name"]! }
    XCTAssertTrue(names.contains { $0.unicodeScalars.contains { $0.value > 0x7F } }, "non-ASCII supplier names")
    XCTAssertEqual(Set(sandbox.allRows("Vendor").map { $0["VendorID"]! }).count, names.count, "supplier IDs are unique")
    let ties = Dictionary(grouping: sandbox.allRows("POHeader"), by: { $0["ChangeDate"]! }).values.map(\.count)
    XCTAssertGreaterThan(ties.max() ?? 0, 100, "many POs share one ChangeDate")
    let invoiceTies = Dictionary(grouping: sandbox.allRows("APInvHed"), by: { $0["ChangeDate"]! }).values.map(\.count)
    XCTAssertGreaterThan(invoiceTies.max() ?? 0, 5)
    XCTAssertTrue(sandbox.allRows("POHeader").allSatisfy { $0["ChangeDate"]! <= "2026-01-31T18:00:00" })
  }

  /// Building must stay linear: 20k POs in a debug build well within the suite's budget
  /// (100k in a release build takes a few seconds; see the report).
  func testBuildsTwentyThousandPOsQuickly() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let sandbox = try EpicorSandbox(options: SandboxOptions(records: 20_000, seed: 2))
    let elapsed = clock.now - start
    XCTAssertEqual(sandbox.count("POHeader"), 20_000)
    XCTAssertLessThan(elapsed, .seconds(25), "seeding 20k POs took \(elapsed)")
  }
}
