import TestKit
import XCTest
@testable import MLCHost

/// Bad plugin files never crash the host: each is refused with a reason naming the problem,
/// and the scan goes on with the rest.
final class PluginLoaderTests: XCTestCase {
  private var directory: TemporaryDirectory!

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "mlc-loader")
  }

  private func fixture(_ file: String, _ defines: [String] = []) throws {
    try CPlugin.buildFixture(output: directory.file(file), defines: defines)
  }

  private func reason(_ scan: PluginLoader.Scan, _ file: String) -> String? {
    scan.refused.first { $0.path == directory.file(file) }?.reason
  }

  func testEveryKindOfBadFileIsRefusedWithItsReasonAndTheGoodOneLoads() throws {
    try fixture("libmlc-good.so")
    try directory.write("x.so", "this is a text file, not a library\n")
    try CPlugin.build(code: "int not_a_plugin(void) { return 1; }\n", output: directory.file("libnoentry.so"))
    try fixture("libmajor.so", ["FIXTURE_NAME=\"major\"", "FIXTURE_MAJOR=2"])
    try fixture("libnull.so", ["FIXTURE_NAME=\"null\"", "FIXTURE_ENTRY_NULL"])
    try fixture("libnotjson.so", ["FIXTURE_MANIFEST=\"{name: oops\""])
    try fixture("libzdup.so")  // same manifest name "fixture", scanned after libmlc-good.so
    try fixture("libnowrite.so", ["FIXTURE_NAME=\"nowrite\"", "FIXTURE_NO_WRITE"])
    try fixture("libsmall.so", ["FIXTURE_NAME=\"small\"", "FIXTURE_SIZE=16"])
    try fixture("libbadname.so", ["FIXTURE_NAME=\"Bad Name\""])

    let scan = PluginLoader.scan(directory: directory.path, enabled: nil)

    XCTAssertEqual(scan.plugins.map(\.name), ["fixture"])
    XCTAssertEqual(scan.plugins.first?.path, directory.file("libmlc-good.so"))
    XCTAssertEqual(scan.plugins.first?.abi, "1.0")
    XCTAssertEqual(scan.plugins.first?.manifest.reads, ["vendor", "purchase_order"])
    XCTAssertEqual(scan.refused.count, 9)
    XCTAssertTrue(reason(scan, "x.so")?.hasPrefix("not a loadable shared library") ?? false, "\(scan.refused)")
    XCTAssertEqual(reason(scan, "libnoentry.so"), "does not export mlc_plugin_entry; is it an ml-connector plugin?")
    XCTAssertEqual(reason(scan, "libmajor.so"), "built for ABI 2.0; this host speaks ABI 1.0 (majors must match)")
    XCTAssertEqual(reason(scan, "libnull.so"), "mlc_plugin_entry returned NULL: the plugin refused host ABI 1.0")
    XCTAssertEqual(reason(scan, "libnotjson.so"), "manifest is not valid JSON")
    XCTAssertEqual(reason(scan, "libzdup.so"), "a connector named \"fixture\" is already loaded from \(directory.file("libmlc-good.so"))")
    XCTAssertEqual(reason(scan, "libnowrite.so"), "manifest lists entities to write but write is NULL")
    XCTAssertTrue(reason(scan, "libsmall.so")?.hasPrefix("descriptor struct_size 16 is smaller than") ?? false)
    XCTAssertTrue(reason(scan, "libbadname.so")?.hasPrefix("manifest name \"Bad Name\" must match") ?? false)
  }

  func testPluginsNotEnabledAreListedAsDisabled() throws {
    try fixture("liba.so", ["FIXTURE_NAME=\"alpha\""])
    try fixture("libb.so", ["FIXTURE_NAME=\"beta\""])
    let scan = PluginLoader.scan(directory: directory.path, enabled: ["beta"])
    XCTAssertEqual(scan.plugins.map(\.name), ["beta"])
    XCTAssertEqual(scan.disabled.map(\.name), ["alpha"])
  }

  func testMissingDirectoryIsAReasonNotACrash() {
    let scan = PluginLoader.scan(directory: "/nonexistent/plugins", enabled: nil)
    XCTAssertTrue(scan.plugins.isEmpty)
    XCTAssertEqual(scan.refused.first?.path, "/nonexistent/plugins")
  }
}
