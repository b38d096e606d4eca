import CMLCPlugin
import Foundation
import Generator
import MLCPluginKit
import XCTest

/// Reads generated records through the generator's descriptor and C function pointers, and
/// parses them for assertions. (GeneratorLibraryTests loads the built .so itself.)
enum GeneratorHarness {
  /// The eight entities in the order the router writes them.
  static let entities = ["gl_account", "cost_center", "vendor", "part", "purchase_order",
                         "ap_invoice", "ap_payment", "procurement_request"]

  /// An opened generator connection, failing the test when `open` fails.
  static func open(_ config: String, file: StaticString = #filePath, line: UInt = #line) throws -> PluginDriver {
    // The same call the exported mlc_plugin_entry makes (that symbol lives in the .so's
    // entry target, which test binaries do not link).
    let descriptor = try XCTUnwrap(PluginExport.entry(GeneratorConnector.self, hostMajor: UInt32(MLC_ABI_MAJOR),
                                                      hostMinor: UInt32(MLC_ABI_MINOR)), file: file, line: line)
    let driver = PluginDriver(descriptor)
    let status = driver.open(config)
    XCTAssertEqual(status, mlc_status(MLC_OK), driver.host.errors.last?.message ?? "", file: file, line: line)
    return driver
  }

  /// Every record of `entity` (from `since`), as raw bytes, failing on a read error.
  static func read(_ driver: PluginDriver, _ entity: String, since: String = "", pageSize: UInt32 = 500,
                   file: StaticString = #filePath, line: UInt = #line) -> [[UInt8]] {
    let result = driver.read(entity, since: since, pageSize: pageSize)
    XCTAssertEqual(result.status, mlc_status(MLC_OK), driver.host.errors.last?.message ?? "", file: file, line: line)
    XCTAssertTrue(result.done, "the read of \(entity) ended without done", file: file, line: line)
    return result.records
  }

  /// Every record of every entity of a fresh connection with `config`, by entity.
  static func readAll(_ config: String) throws -> [String: [[UInt8]]] {
    let driver = try open(config)
    var records: [String: [[UInt8]]] = [:]
    for entity in entities { records[entity] = read(driver, entity) }
    return records
  }

  /// A record parsed with Foundation, failing the test when it is not a JSON object.
  static func parse(_ record: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
    do {
      if let object = try JSONSerialization.jsonObject(with: Data(record)) as? [String: Any] { return object }
      XCTFail("not a JSON object: \(String(decoding: record, as: UTF8.self))", file: file, line: line)
    } catch {
      XCTFail("invalid JSON (\(error)): \(String(decoding: record, as: UTF8.self))", file: file, line: line)
    }
    return [:]
  }

  /// `updated_at` of a record, read without Foundation.
  static func updatedAt(_ record: [UInt8]) -> String {
    (try? RecordFields.scan(record).updatedAt) ?? ""
  }
}

