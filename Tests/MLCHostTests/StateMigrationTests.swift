import TestKit
import XCTest
@testable import MLCHost

/// State databases written by earlier versions open in this one with nothing lost.
final class StateMigrationTests: XCTestCase {
  private var directory: TemporaryDirectory!

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "mlc-migrate")
  }

  /// Writes a database exactly as schema version 1 left it, with a few rows.
  private func writeVersion1() throws {
    try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
    let database = try SQLite(path: directory.file("state/state.db"))
    for statement in [
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "INSERT INTO meta VALUES ('schema_version', '1')",
      """
      CREATE TABLE audit(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, flow TEXT NOT NULL, entity TEXT NOT NULL,
        source_key TEXT NOT NULL, target_key TEXT, outcome TEXT NOT NULL, message TEXT, attempts INTEGER NOT NULL,
        cursor TEXT, at TEXT NOT NULL)
      """,
      "CREATE INDEX audit_by_key ON audit(flow, entity, source_key)",
      """
      CREATE TABLE id_map(flow TEXT NOT NULL, entity TEXT NOT NULL, source_key TEXT NOT NULL, target_key TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY(flow, entity, source_key)) WITHOUT ROWID
      """,
      "INSERT INTO audit VALUES (7, 1, 'po-sync', 'vendor', 'V1', 'SUP-1', 'inserted', NULL, 1, 'c1', '2026-01-01T00:00:00Z')",
      "INSERT INTO audit VALUES (9, 2, 'po-sync', 'purchase_order', 'PO1', NULL, 'held', 'no vendor', 1, 'c2', '2026-01-02T00:00:00Z')",
      "INSERT INTO id_map VALUES ('po-sync', 'vendor', 'V1', 'SUP-1', '2026-01-01T00:00:00Z')",
    ] {
      try database.execute(statement)
    }
  }

  func testVersion1AuditAndIdMapSurviveWithTheirIds() throws {
    try writeVersion1()
    let state = try StateStore(directory: directory.file("state"))
    let rows = try AuditQuery(flow: "po-sync").rows(in: state)
    XCTAssertEqual(rows.map(\.id), [9, 7])
    XCTAssertEqual(rows.map(\.entity), ["purchase_order", "vendor"])
    XCTAssertEqual(rows.last?.targetKey, "SUP-1")
    XCTAssertEqual(rows.first?.message, "no vendor")
    XCTAssertEqual(try IdMapLookup(database: state.database, flow: "po-sync").targetKey(entity: "vendor", sourceKey: "V1"), "SUP-1")
    XCTAssertEqual(try state.database.rows("SELECT value FROM meta WHERE key = 'schema_version'"), [[.text("3")]])

    // New pages land next to the migrated rows.
    var commit = PageCommit(runID: 3, flow: "po-sync", entity: "vendor")
    commit.deliveries = [PageCommit.Delivery(sourceKey: "V2", cursor: "c3", outcome: .inserted, targetKey: "SUP-2", message: "",
                                             attempts: 1, payload: nil)]
    try state.commit(commit)
    XCTAssertEqual(try AuditQuery(flow: "po-sync", entity: "vendor").rows(in: state).map(\.sourceKey), ["V2", "V1"])
  }

  /// Version 3 calls parked failures dead letters and knows the outage and incomplete run
  /// statuses; version 2 rows keep their ids.
  func testVersion2ParkedFailuresBecomeDeadLettersAndRunsKeepTheirRows() throws {
    try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
    let database = try SQLite(path: directory.file("state/state.db"))
    for statement in [
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "INSERT INTO meta VALUES ('schema_version', '2')",
      """
      CREATE TABLE runs(id INTEGER PRIMARY KEY, flow TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
        kind TEXT NOT NULL DEFAULT 'sync' CHECK(kind IN ('sync','replay')),
        status TEXT NOT NULL CHECK(status IN ('running','succeeded','failed','interrupted')),
        full INTEGER NOT NULL, pid INTEGER NOT NULL, summary TEXT, error TEXT)
      """,
      """
      CREATE TABLE parked(id INTEGER PRIMARY KEY, flow TEXT NOT NULL, entity TEXT NOT NULL, source_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK(kind IN ('failed','held')), reason TEXT NOT NULL, payload BLOB NOT NULL,
        attempts INTEGER NOT NULL, run_id INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE(flow, entity, source_key))
      """,
      "INSERT INTO runs VALUES (4, 'f', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 'sync', 'failed', 0, 1, '{}', 'boom')",
      "INSERT INTO parked VALUES (11, 'f', 'vendor', 'V1', 'failed', 'rejected', x'7b7d', 1, 4, 'a', 'b')",
      "INSERT INTO parked VALUES (12, 'f', 'vendor', 'V2', 'held', 'no mapping', x'7b7d', 2, 4, 'a', 'b')",
    ] {
      try database.execute(statement)
    }
    let state = try StateStore(directory: directory.file("state"))
    XCTAssertEqual(try state.parked(kind: .deadLetter).map(\.id), [11])
    XCTAssertEqual(try state.parked(kind: .held).map(\.id), [12])
    XCTAssertEqual(try state.database.rows("SELECT id, status, error FROM runs"), [[.integer(4), .text("failed"), .text("boom")]])
    let run = try state.beginRun(flow: "f", full: false)
    try state.finishRun(id: run, status: .outage, summary: "{}", error: "down")
    XCTAssertEqual(try state.database.rows("SELECT status FROM runs WHERE id = \(run)"), [[.text("outage")]])
  }

  func testOpeningTwiceDoesNotMigrateAgain() throws {
    try writeVersion1()
    _ = try StateStore(directory: directory.file("state"))
    let state = try StateStore(directory: directory.file("state"))
    XCTAssertEqual(try AuditQuery().rows(in: state).count, 2)
  }

  func testADatabaseFromANewerVersionIsRefusedUntouched() throws {
    try writeVersion1()
    let database = try SQLite(path: directory.file("state/state.db"))
    try database.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    XCTAssertThrowsError(try StateStore(directory: directory.file("state"))) { error in
      XCTAssertTrue("\(error)".contains("written by a newer mlc (state schema 99"), "\(error)")
    }
    XCTAssertEqual(try database.rows("SELECT count(*) FROM audit"), [[.integer(2)]])
  }
}
