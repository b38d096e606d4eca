import CMLCPlugin
import Foundation
import XCTest

/// `libmlc-generator.so` as the host loads it: `dlopen`, `dlsym("mlc_plugin_entry")`, and
/// calls through the descriptor it returns.
final class GeneratorLibraryTests: XCTestCase {
  /// The shared library next to the test bundle (both are products of one build), or the
  /// debug build in the package's `.build` folder.
  private func libraryPath() throws -> String {
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [bundleDirectory.appendingPathComponent("libmlc-generator.so"),
                      packageRoot.appendingPathComponent(".build/debug/libmlc-generator.so")]
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
      XCTFail("libmlc-generator.so not found in \(candidates.map(\.path)); build it with `swift build --build-tests`")
      throw CocoaError(.fileNoSuchFile)
    }
    return found.path
  }

  /// The library's entry point. The library is never closed: it holds Swift code.
  private func entry() throws -> mlc_plugin_entry_fn {
    let path = try libraryPath()
    let handle = try XCTUnwrap(dlopen(path, RTLD_NOW | RTLD_LOCAL), String(cString: dlerror()))
    let symbol = try XCTUnwrap(dlsym(handle, "mlc_plugin_entry"), "\(path) does not export mlc_plugin_entry")
    return unsafeBitCast(symbol, to: mlc_plugin_entry_fn.self)
  }

  func testTheLibraryExportsTheEntryAndServesRecords() throws {
    let entry = try entry()
    XCTAssertNil(entry(1, 0, 0), "refuses another ABI major")
    XCTAssertNil(entry(UInt32(MLC_ABI_MAJOR), UInt32(MLC_ABI_MINOR), 1), "exports one connector")
    let descriptor = try XCTUnwrap(entry(UInt32(MLC_ABI_MAJOR), UInt32(MLC_ABI_MINOR), 0))
    XCTAssertEqual(descriptor.pointee.struct_size, UInt32(MemoryLayout<mlc_plugin_t>.size))
    XCTAssertNil(descriptor.pointee.write, "the generator is a source only")

    let driver = PluginDriver(UnsafeRawPointer(descriptor))
    let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(driver.manifest.utf8)) as? [String: Any])
    XCTAssertEqual(manifest["name"] as? String, "generator")
    XCTAssertEqual((manifest["entities"] as? [String: [String]])?["read"]?.count, 8)

    XCTAssertEqual(driver.open(#"{"count":100}"#), mlc_status(MLC_OK))
    let vendors = driver.read("vendor", pageSize: 2)
    XCTAssertEqual(vendors.status, mlc_status(MLC_OK))
    XCTAssertEqual(vendors.pageSizes, [2, 2, 1])
    XCTAssertTrue(vendors.texts.first?.contains("Müller Präzisionsteile GmbH") ?? false)
  }

  func testPurchaseOrderThroughput() throws {
    let entry = try entry()
    let driver = PluginDriver(UnsafeRawPointer(try XCTUnwrap(entry(UInt32(MLC_ABI_MAJOR), 0, 0))))
    let count = 50_000
    XCTAssertEqual(driver.open("{\"count\":\(count)}"), mlc_status(MLC_OK))
    let collector = EmitCollector(keep: false)
    let start = ContinuousClock.now
    let result = driver.read("purchase_order", pageSize: 500, collector: collector)
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    XCTAssertEqual(result.status, mlc_status(MLC_OK))
    XCTAssertEqual(collector.count, count)
    let rate = Double(count) / seconds
    print("generator: \(Int(rate)) purchase_order records/s, \(collector.byteCount / count) bytes each")
    #if !DEBUG
      // The release build makes about a million a second on an idle core; the floor leaves
      // room for a machine shared with other builds, and still catches a per-record
      // Foundation call (which costs two orders of magnitude).
      XCTAssertGreaterThan(rate, 150_000)
    #endif
  }
}
