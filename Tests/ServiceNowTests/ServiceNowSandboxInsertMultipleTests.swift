import Foundation
import ServiceNowSandbox
import XCTest

/// `POST /api/now/import/{staging}/insertMultiple`: asynchronous by default, rows keyed by
/// column label unless configured, per-row outcomes read back through the Table API.
final class ServiceNowSandboxInsertMultipleTests: XCTestCase {
  private let path = "/api/now/import/sn_fcms_intg_imp_supplier/insertMultiple"

  /// Four records keyed by label: a new supplier, the same again, an empty coalesce value and
  /// a value the transform refuses.
  private let labelled = """
    {"records":[
      {"ERP supplier code":"ACU/V/100","ERP source":"ACUMATICA","Name":"Ferro Tecnica S.p.A.","Active":"true"},
      {"ERP supplier code":"ACU/V/100","ERP source":"ACUMATICA","Name":"Ferro Tecnica S.p.A.","Active":"true"},
      {"ERP supplier code":"","Name":"No key"},
      {"ERP supplier code":"ACU/V/101","Name":"Bad flag","Active":"maybe"}
    ]}
    """

  /// The staging rows of import set `id`, in row order, read with the Table API.
  private func stagingRows(_ harness: SandboxHarness, importSet id: String) throws -> [[String: Any]] {
    let query = SandboxHarness.encode("sys_import_set=\(id)^ORDERBYsys_import_row")
    let response = try harness.api("GET", "/api/now/table/sn_fcms_intg_imp_supplier?sysparm_query=\(query)&sysparm_exclude_reference_link=true")
    XCTAssertEqual(response.status, 200, response.body)
    return response.results
  }

  private func importSetState(_ harness: SandboxHarness, _ id: String) throws -> String? {
    try harness.api("GET", "/api/now/table/sys_import_set/\(id)").record["state"] as? String
  }

  func testAsynchronousInsertMultipleLoadsPendingRowsThenTransformsThem() throws {
    let harness = try SandboxHarness(settings: ["insert_multiple_processing": "manual"])
    let response = try harness.api("POST", path, json: labelled)
    XCTAssertEqual(response.status, 201, response.body)
    let importSetID = try XCTUnwrap(response.json["import_set_id"] as? String)
    let multiID = try XCTUnwrap(response.json["multi_import_set_id"] as? String)
    XCTAssertEqual(importSetID.count, 32)
    XCTAssertEqual(multiID.count, 32)

    let pending = try stagingRows(harness, importSet: importSetID)
    XCTAssertEqual(pending.map { $0["sys_import_state"] as? String }, Array(repeating: "pending", count: 4))
    XCTAssertEqual(pending.map { $0["name"] as? String }, ["Ferro Tecnica S.p.A.", "Ferro Tecnica S.p.A.", "No key", "Bad flag"])
    XCTAssertEqual(try importSetState(harness, importSetID), "loaded")
    XCTAssertEqual(harness.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "ACU/V/100").count, 0)

    XCTAssertEqual(harness.sandbox.processPendingImports(), 1)
    let done = try stagingRows(harness, importSet: importSetID)
    XCTAssertEqual(done.map { $0["sys_import_state"] as? String }, ["inserted", "ignored", "skipped", "error"])
    let supplier = try XCTUnwrap(harness.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "ACU/V/100").first)
    XCTAssertEqual(done[0]["sys_target_sys_id"] as? String, supplier["sys_id"])
    XCTAssertEqual(done[0]["sys_target_table"] as? String, "sn_fin_supplier")
    XCTAssertEqual(done[1]["sys_target_sys_id"] as? String, supplier["sys_id"])
    XCTAssertTrue((done[3]["sys_import_state_comment"] as? String ?? "").contains("Invalid boolean 'maybe'"), "\(done[3])")
    XCTAssertFalse((done[3]["sys_row_error"] as? String ?? "").isEmpty)
    XCTAssertEqual(try importSetState(harness, importSetID), "processed")
  }

  func testRecordsKeyedByColumnNameWhenConfigured() throws {
    let byName = """
      {"records":[{"erp_supplier_code":"EPI/V/7","erp_source":"EPICOR","name":"Keyed by name"}]}
      """
    let harness = try SandboxHarness(settings: ["column_mapping.sn_fcms_intg_imp_supplier": "name", "sync_insert_multiple": "true"])
    XCTAssertEqual(try harness.api("POST", path, json: byName).status, 201)
    XCTAssertEqual(harness.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "EPI/V/7").first?["name"], "Keyed by name")

    // By default the same body's keys are not labels, so every value is dropped and the row is skipped.
    let byLabel = try SandboxHarness(settings: ["sync_insert_multiple": "true"])
    let response = try byLabel.api("POST", path, json: byName)
    let rows = try stagingRows(byLabel, importSet: response.json["import_set_id"] as? String ?? "")
    XCTAssertEqual(rows.map { $0["sys_import_state"] as? String }, ["skipped"])
    XCTAssertEqual(byLabel.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "EPI/V/7").count, 0)
  }

  func testSynchronousTableIsTransformedBeforeTheAnswer() throws {
    let harness = try SandboxHarness(settings: ["sync_insert_multiple.sn_fcms_intg_imp_supplier": "true",
                                                "insert_multiple_processing": "manual"])
    let response = try harness.api("POST", path, json: labelled)
    let rows = try stagingRows(harness, importSet: response.json["import_set_id"] as? String ?? "")
    XCTAssertEqual(rows.map { $0["sys_import_state"] as? String }, ["inserted", "ignored", "skipped", "error"])
    XCTAssertEqual(harness.sandbox.pendingImportCount, 0)
  }

  func testBackgroundWorkerProcessesShortlyAfterLoading() throws {
    let harness = try SandboxHarness(settings: ["insert_multiple_delay_ms": "20"])
    let response = try harness.api("POST", path, json: labelled)
    let importSetID = try XCTUnwrap(response.json["import_set_id"] as? String)
    XCTAssertTrue(harness.sandbox.waitForPendingImports(timeout: 5))
    XCTAssertEqual(try importSetState(harness, importSetID), "processed")
    XCTAssertEqual(try stagingRows(harness, importSet: importSetID).first?["sys_import_state"] as? String, "inserted")
  }

  func testLaterImportJoinsANamedMultiImportSet() throws {
    let harness = try SandboxHarness(settings: ["insert_multiple_processing": "manual"])
    let first = try harness.api("POST", path, json: labelled)
    let multiID = try XCTUnwrap(first.json["multi_import_set_id"] as? String)
    let second = try harness.api("POST", path + "?multi_import_set_id=\(multiID)", json: #"{"records":[]}"#)
    XCTAssertEqual(second.json["multi_import_set_id"] as? String, multiID)
    XCTAssertNotEqual(second.json["import_set_id"] as? String, first.json["import_set_id"] as? String)
  }

  /// One Table API read lists the rows of several import sets with `sys_import_setIN…`, in
  /// the order asked, and sees each row's state change when its set is transformed (the
  /// sandbox answers such reads from an index that every write keeps current).
  func testOneReadListsTheRowsOfSeveralImportSetsAndFollowsTheirTransform() throws {
    let harness = try SandboxHarness(settings: ["insert_multiple_processing": "manual"])
    let first = try XCTUnwrap(try harness.api("POST", path, json: labelled).json["import_set_id"] as? String)
    let other = #"{"records":[{"ERP supplier code":"ACU/V/200","Name":"Second set"}]}"#
    let second = try XCTUnwrap(try harness.api("POST", path, json: other).json["import_set_id"] as? String)
    _ = try harness.api("POST", path, json: other)  // a third set the read must leave out
    func read(_ query: String) throws -> [[String: Any]] {
      let response = try harness.api("GET", "/api/now/table/sn_fcms_intg_imp_supplier?sysparm_query="
        + SandboxHarness.encode(query) + "&sysparm_fields=sys_import_set,sys_import_row,sys_import_state,name&sysparm_exclude_reference_link=true")
      XCTAssertEqual(response.status, 200, response.body)
      return response.results
    }
    let both = "sys_import_setIN\(second),\(first)^ORDERBYsys_import_set^ORDERBYsys_import_row"
    let pending = try read(both)
    XCTAssertEqual(pending.count, 5)
    XCTAssertEqual(Set(pending.compactMap { $0["sys_import_set"] as? String }), [first, second])
    XCTAssertEqual(pending.map { $0["sys_import_state"] as? String }, Array(repeating: "pending", count: 5))

    XCTAssertEqual(harness.sandbox.processPendingImports(), 3)
    let done = try read(both)
    let firstStates = done.filter { $0["sys_import_set"] as? String == first }.map { $0["sys_import_state"] as? String }
    XCTAssertEqual(firstStates, ["inserted", "ignored", "skipped", "error"])
    XCTAssertEqual(try read("sys_import_set=\(second)^sys_import_state=inserted").map { $0["name"] as? String }, ["Second set"])
    XCTAssertEqual(try read("sys_import_set=\(first)^sys_import_state=pending").count, 0, "no row is left filed as pending")
    // OR-ed terms, also on different fields, and terms an index cannot answer match as a scan does.
    XCTAssertEqual(try read("sys_import_set=\(first)^ORsys_import_set=\(second)").count, 5)
    XCTAssertEqual(try read("sys_import_set=\(second)^ORsys_import_state=skipped").count, 2)
    XCTAssertEqual(try read("sys_import_setIN\(first),").count, 4, "an empty IN item matches only empty fields")
    XCTAssertEqual(try read("sys_import_set=").count, 0)
    XCTAssertEqual(try read("sys_import_set=\(first.uppercased())").count, 0, "= is case-sensitive")
  }

  func testInsertMultipleRefusesNonJSONBodiesAndMissingRecords() throws {
    let harness = try SandboxHarness()
    let text = try harness.send("POST", path, headers: ["Authorization: \(harness.basic)", "Accept: application/json",
                                                        "Content-Type: text/plain"], body: labelled)
    XCTAssertEqual(text.status, 415)
    let noRecords = try harness.api("POST", path, json: #"{"rows":[]}"#)
    XCTAssertEqual(noRecords.status, 400)
    XCTAssertEqual((noRecords.json["error"] as? [String: Any])?["message"] as? String, "Exception while reading request")
    XCTAssertEqual(harness.sandbox.rowCount("sys_import_set"), 0)
  }
}
