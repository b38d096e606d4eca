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
    try fixture("libmajor.so", ["FIXTURE_NAME=\"major\"", "FIXTURE_MAJOR=1"])
    try fixture("libnull.so", ["FIXTURE_NAME=\"null\"", "FIXTURE_ENTRY_NULL"])
    try fixture("libnotjson.so", ["FIXTURE_MANIFEST=\"{name: oops\""])
    try fixture("libnocheck.so", ["FIXTURE_NAME=\"nocheck\"", "FIXTURE_NO_CHECK"])
    try fixture("libnowrite.so", ["FIXTURE_NAME=\"nowrite\"", "FIXTURE_NO_WRITE"])
    try fixture("libsmall.so", ["FIXTURE_NAME=\"small\"", "FIXTURE_SIZE=16"])
    try fixture("libbadname.so", ["FIXTURE_NAME=\"Bad Name\""])

    let scan = PluginLoader.scan(directory: directory.path, enabled: nil)

    XCTAssertEqual(scan.plugins.map(\.name), ["fixture"])
    XCTAssertEqual(scan.plugins.first?.path, directory.file("libmlc-good.so"))
    XCTAssertEqual(scan.plugins.first?.abi, "2.0")
    XCTAssertEqual(scan.plugins.first?.manifest.reads, ["vendor", "purchase_order"])
    XCTAssertEqual(scan.refused.count, 9)
    XCTAssertTrue(reason(scan, "x.so")?.hasPrefix("not a loadable shared library") ?? false, "\(scan.refused)")
    XCTAssertEqual(reason(scan, "libnoentry.so"), "does not export mlc_plugin_entry; is it an ml-connector plugin?")
    XCTAssertEqual(reason(scan, "libmajor.so"), "built for ABI 1.0; this host speaks ABI 2.0 (majors must match: rebuild the plugin against this mlc's SDK/include)")
    XCTAssertEqual(reason(scan, "libnull.so"), "mlc_plugin_entry returned NULL: the plugin refused host ABI 2.0 (a plugin built for another ABI major does this; rebuild it against this mlc's SDK/include)")
    XCTAssertEqual(reason(scan, "libnotjson.so"), "manifest is not valid JSON")
    XCTAssertEqual(reason(scan, "libnocheck.so"), "descriptor has no check")
    XCTAssertEqual(reason(scan, "libnowrite.so"), "manifest lists entities to write but write is NULL")
    XCTAssertTrue(reason(scan, "libsmall.so")?.hasPrefix("descriptor struct_size 16 is smaller than") ?? false)
    XCTAssertTrue(reason(scan, "libbadname.so")?.hasPrefix("manifest name \"Bad Name\" must match") ?? false)
  }

  /// Which of two files wins must not depend on how their names sort: both are refused.
  func testTwoFilesDeclaringOneNameAreBothRefused() throws {
    try fixture("libmlc-a.so")
    try fixture("libmlc-b.so")
    try fixture("libmlc-other.so", ["FIXTURE_NAME=\"other\""])
    let scan = PluginLoader.scan(directory: directory.path, enabled: nil)
    XCTAssertEqual(scan.plugins.map(\.name), ["other"])
    XCTAssertEqual(reason(scan, "libmlc-a.so"),
                   "a connector named \"fixture\" is also declared by \(directory.file("libmlc-b.so")); remove all but one file")
    XCTAssertEqual(reason(scan, "libmlc-b.so"),
                   "a connector named \"fixture\" is also declared by \(directory.file("libmlc-a.so")); remove all but one file")
  }

  /// A library built against ABI 1 (two-argument entry, `open` without `self`) is refused
  /// with the reason, whether its entry refuses the new major or hands out its old descriptor.
  func testAPluginBuiltForABI1IsRefusedWithTheReason() throws {
    let v1 = """
      #include <stdint.h>
      #include <stddef.h>
      typedef struct { uint32_t struct_size; uint16_t abi_major; uint16_t abi_minor; const char *manifest_json;
        void *open, *close, *check, *read_open, *read_next, *read_close, *write; } v1_plugin;
      static const v1_plugin descriptor = { sizeof(v1_plugin), 1, 0,
        "{\\"name\\":\\"old\\",\\"version\\":\\"1\\",\\"entities\\":{\\"read\\":[\\"vendor\\"]},\\"config_schema\\":{}}",
        (void *)1, (void *)1, (void *)1, (void *)1, (void *)1, (void *)1, NULL };
      __attribute__((visibility("default"))) const v1_plugin *mlc_plugin_entry(uint32_t major, uint32_t minor) {
        (void)minor; return STRICT && major != 1 ? NULL : &descriptor; }
      """
    try CPlugin.build(code: "#define STRICT 1\n" + v1, output: directory.file("libstrict.so"))
    try CPlugin.build(code: "#define STRICT 0\n" + v1, output: directory.file("liblax.so"))
    let scan = PluginLoader.scan(directory: directory.path, enabled: nil)
    XCTAssertTrue(scan.plugins.isEmpty)
    XCTAssertEqual(reason(scan, "liblax.so"),
                   "built for ABI 1.0; this host speaks ABI 2.0 (majors must match: rebuild the plugin against this mlc's SDK/include)")
    XCTAssertTrue(reason(scan, "libstrict.so")?.hasPrefix("mlc_plugin_entry returned NULL: the plugin refused host ABI 2.0") ?? false)
  }

  /// One library may export several connectors; `open` tells them apart by `self`.
  func testOneLibraryExportsSeveralConnectors() throws {
    let code = """
      #include "mlc.h"
      #include <string.h>
      static mlc_status open_any(const mlc_plugin_t *self, const mlc_host_t *host, mlc_bytes_t config, void **out) {
        (void)host; (void)config; *out = (void *)self->plugin_data; return MLC_OK; }
      static void close_any(void *instance) { (void)instance; }
      static mlc_status check_any(void *instance, const mlc_emit_t *report) {
        const char *name = instance; char text[64]; size_t n = (size_t)snprintf(text, sizeof text, "{\\"ok\\":true,\\"detail\\":\\"%s\\"}", name);
        return report->put(report->context, (mlc_bytes_t){(const uint8_t *)text, n}); }
      static mlc_status write_any(void *i, const mlc_write_request_t *r, const mlc_outcomes_t *o) { (void)i; (void)r; (void)o; return MLC_OK; }
      #define MANIFEST(n) "{\\"name\\":\\"" n "\\",\\"version\\":\\"1\\",\\"entities\\":{\\"write\\":[\\"vendor\\"]},\\"config_schema\\":{\\"type\\":\\"object\\"}}"
      static const mlc_plugin_t plugins[2] = {
        {.struct_size = sizeof(mlc_plugin_t), .abi_major = MLC_ABI_MAJOR, .manifest_json = MANIFEST("acme-erp"), .plugin_data = "erp",
         .open = open_any, .close = close_any, .check = check_any, .write = write_any},
        {.struct_size = sizeof(mlc_plugin_t), .abi_major = MLC_ABI_MAJOR, .manifest_json = MANIFEST("acme-crm"), .plugin_data = "crm",
         .open = open_any, .close = close_any, .check = check_any, .write = write_any}};
      MLC_EXPORT const mlc_plugin_t *mlc_plugin_entry(uint32_t major, uint32_t minor, uint32_t index) {
        (void)minor; return major == MLC_ABI_MAJOR && index < 2 ? &plugins[index] : NULL; }
      """
    try CPlugin.build(code: "#include <stdio.h>\n" + code, output: directory.file("libmlc-acme.so"))
    let scan = PluginLoader.scan(directory: directory.path, enabled: nil)
    XCTAssertEqual(scan.plugins.map(\.name), ["acme-erp", "acme-crm"])
    XCTAssertEqual(scan.plugins.map(\.index), [0, 1])
    for (plugin, expected) in zip(scan.plugins, ["erp", "crm"]) {
      let instance = try PluginInstance(plugin: plugin, context: HostContext(connection: "c", plugin: plugin.name, logger: Logger(minimum: .error)),
                                        config: Array("{}".utf8))
      XCTAssertEqual(try instance.check(), #"{"ok":true,"detail":"\#(expected)"}"#)
      instance.close()
    }
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
