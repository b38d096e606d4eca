import CMLCPlugin
import Foundation
@testable import MLCPluginKit
import XCTest

/// The kit at the C boundary: descriptors, manifests, status mapping, paging, outcomes.
final class PluginExportTests: XCTestCase {
  private func descriptor<C: Connector>(_ type: C.Type) throws -> UnsafeRawPointer {
    try XCTUnwrap(PluginExport.entry(type, hostMajor: UInt32(MLC_ABI_MAJOR), hostMinor: UInt32(MLC_ABI_MINOR)))
  }

  func testEntryRefusesAnotherMajorAndReturnsOneDescriptorPerType() throws {
    XCTAssertNil(PluginExport.entry(WidgetSource.self, hostMajor: 1, hostMinor: 0))
    XCTAssertNil(PluginExport.entry(WidgetSource.self, hostMajor: 3, hostMinor: 9))
    let first = try descriptor(WidgetSource.self)
    XCTAssertEqual(first, try descriptor(WidgetSource.self))
    XCTAssertNotEqual(first, try descriptor(WidgetSink.self))
    XCTAssertNotNil(PluginExport.entry(WidgetSource.self, hostMajor: UInt32(MLC_ABI_MAJOR), hostMinor: 7), "a newer host minor is fine")
  }

  /// One library exports several types by index, with no per-type C function: `open`
  /// finds each type from the `self` descriptor the host passes back.
  func testSeveralTypesAreExportedByIndexAndOpenFindsEachFromSelf() throws {
    let types: [any Connector.Type] = [WidgetSource.self, WidgetSink.self, ThrowingConnector.self]
    let major = UInt32(MLC_ABI_MAJOR), minor = UInt32(MLC_ABI_MINOR)
    let pointers = try (0..<3).map { try XCTUnwrap(PluginExport.entry(types, hostMajor: major, hostMinor: minor, index: UInt32($0))) }
    XCTAssertNil(PluginExport.entry(types, hostMajor: major, hostMinor: minor, index: 3), "NULL past the last type")
    XCTAssertEqual(Set(pointers).count, 3)
    XCTAssertEqual(pointers[0], try descriptor(WidgetSource.self), "the same descriptor however it is asked for")
    let names = pointers.map { PluginDriver($0).manifest }
    XCTAssertTrue(names[0].contains(#""name":"widgets""#))
    XCTAssertTrue(names[1].contains(#""write":["widget"]"#), names[1])
    let sink = PluginDriver(pointers[1])
    XCTAssertEqual(sink.open("{}"), mlc_status(MLC_OK))
    XCTAssertTrue(ConnectorInstance.from(sink.instance)?.connector is WidgetSink)
  }

  /// A push source: the manifest carries its routes, the descriptor its `decode_event`,
  /// and events on a route it did not declare are refused.
  func testAnEventDecoderExportsItsRoutesAndDecodesStoredEvents() throws {
    let driver = PluginDriver(try descriptor(WidgetHooks.self))
    XCTAssertTrue(driver.manifest.contains(#""webhooks":[{"route":"widgets","entities":["vendor"],"signature":{"scheme":"hmac_sha256","header":"x-widget-signature","encoding":"hex","prefix":"sha256="},"event_id":{"header":"x-widget-event"}}]"#), driver.manifest)
    XCTAssertEqual(driver.open("{}"), mlc_status(MLC_OK))
    let decoded = driver.decode(route: "widgets", id: "e-1", headers: [("x-widget-event", "e-1")], body: #"{"ids":["w1","w2"]}"#)
    XCTAssertEqual(decoded.status, mlc_status(MLC_OK))
    XCTAssertEqual(decoded.records, [
      #"{"entity":"vendor","key":"w1","updated_at":"2026-12-01T10:00:00Z","data":{"via":"e-1"}}"#,
      #"{"entity":"vendor","key":"w2","updated_at":"2026-12-01T10:00:00Z","data":{"via":"e-1"}}"#,
    ])
    XCTAssertEqual(driver.decode(route: "other", id: "e-2", body: "{}").status, mlc_status(MLC_UNSUPPORTED))
    XCTAssertTrue(driver.host.errors.last?.message.contains(#"no webhook route "other""#) ?? false)
    XCTAssertEqual(driver.decode(route: "widgets", id: "e-3", body: #"{"nothing":1}"#).status, mlc_status(MLC_FATAL))
    XCTAssertNil(try descriptor(WidgetSource.self).assumingMemoryBound(to: mlc_plugin_t.self).pointee.decode_event)
  }

  /// A descriptor the host made up (or copied) has no `plugin_data` of ours: `open` refuses
  /// it instead of trapping.
  func testOpenWithAForeignDescriptorIsFatalNotACrash() throws {
    var copy = try descriptor(WidgetSource.self).assumingMemoryBound(to: mlc_plugin_t.self).pointee
    copy.plugin_data = nil
    let host = FakeHost()
    var instance: UnsafeMutableRawPointer?
    let open = copy.open
    let status = withUnsafePointer(to: &copy) { pointer in
      open(pointer, UnsafePointer(host.table), mlc_bytes_t(ptr: nil, len: 0), &instance)
    }
    XCTAssertEqual(status, mlc_status(MLC_FATAL))
    XCTAssertNil(instance)
  }

  func testDescriptorCarriesSizeVersionAndOnlyTheFunctionsTheTypeNeeds() throws {
    let source = try descriptor(WidgetSource.self).assumingMemoryBound(to: mlc_plugin_t.self).pointee
    XCTAssertEqual(source.struct_size, UInt32(MemoryLayout<mlc_plugin_t>.size))
    XCTAssertEqual(source.abi_major, UInt16(MLC_ABI_MAJOR))
    XCTAssertEqual(source.abi_minor, 0)
    XCTAssertNotNil(source.plugin_data)
    XCTAssertNil(source.decode_event)
    XCTAssertNotNil(source.read_open)
    XCTAssertNotNil(source.read_next)
    XCTAssertNotNil(source.read_close)
    XCTAssertNil(source.write)

    let sink = try descriptor(WidgetSink.self).assumingMemoryBound(to: mlc_plugin_t.self).pointee
    XCTAssertNil(sink.read_open)
    XCTAssertNil(sink.read_next)
    XCTAssertNil(sink.read_close)
    XCTAssertNotNil(sink.write)

    let plain = try descriptor(ThrowingConnector.self).assumingMemoryBound(to: mlc_plugin_t.self).pointee
    XCTAssertNil(plain.read_open)
    XCTAssertNil(plain.write)
  }

  func testManifestIsJSONWithEveryField() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(driver.manifest.utf8)) as? [String: Any])
    XCTAssertEqual(object["name"] as? String, "widgets")
    XCTAssertEqual(object["version"] as? String, "1.2.3")
    let entities = try XCTUnwrap(object["entities"] as? [String: [String]])
    XCTAssertEqual(entities["read"], ["widget", "gadget"])
    XCTAssertEqual(entities["write"], [])
    XCTAssertEqual((object["config_schema"] as? [String: Any])?["type"] as? String, "object")
    XCTAssertEqual(object["auth"] as? [String], ["none", "basic"])
    XCTAssertEqual(object["concurrent"] as? Bool, false)
  }

  func testMalformedManifestIsRefused() {
    XCTAssertNil(PluginExport.entry(BadNameConnector.self, hostMajor: UInt32(MLC_ABI_MAJOR), hostMinor: 0))
    XCTAssertNotNil(Manifest(name: "Bad Name", version: "1").problem())
    XCTAssertNotNil(Manifest(name: "ok", version: "1", configSchema: "{").problem())
    XCTAssertNotNil(Manifest(name: "ok", version: "1", configSchema: "[]").problem())
    XCTAssertNil(Manifest(name: "a_b-9", version: "1").problem())
  }

  func testCheckPutsTheReport() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open(#"{"total":3}"#), mlc_status(MLC_OK))
    let (status, report) = driver.check()
    XCTAssertEqual(status, mlc_status(MLC_OK))
    XCTAssertEqual(report, #"{"ok":true,"detail":"3 widgets ready"}"#)
  }

  func testRetryErrorBecomesRetryWithDelayAndMessage() throws {
    let driver = PluginDriver(try descriptor(ThrowingConnector.self))
    XCTAssertEqual(driver.open(#"{"fail":"retry"}"#), mlc_status(MLC_OK))
    XCTAssertEqual(driver.check().status, mlc_status(MLC_RETRY))
    XCTAssertEqual(driver.host.errors.count, 1)
    XCTAssertEqual(driver.host.errors.last?.message, "widget API rate-limited; try again in 1.5 s")
    XCTAssertEqual(driver.host.errors.last?.retryAfter, 1500)
  }

  func testArbitraryErrorBecomesFatalWithItsDescription() throws {
    let driver = PluginDriver(try descriptor(ThrowingConnector.self))
    XCTAssertEqual(driver.open(#"{"fail":"arbitrary"}"#), mlc_status(MLC_OK))
    XCTAssertEqual(driver.check().status, mlc_status(MLC_FATAL))
    let message = try XCTUnwrap(driver.host.errors.last?.message)
    XCTAssertTrue(message.contains("widget failure: socket closed"), message)
    XCTAssertTrue(message.hasPrefix("throwing check"), message)
    XCTAssertEqual(driver.host.errors.last?.retryAfter, 0)
  }

  func testUnsupportedErrorMapsToUnsupported() throws {
    let driver = PluginDriver(try descriptor(ThrowingConnector.self))
    XCTAssertEqual(driver.open(#"{"fail":"unsupported"}"#), mlc_status(MLC_OK))
    XCTAssertEqual(driver.check().status, mlc_status(MLC_UNSUPPORTED))
  }

  func testOpenFailuresAreConfigErrorOrFatalAndLeaveNoInstance() throws {
    let cases: [(String, mlc_status, String)] = [
      (#"{"fail":"open-config"}"#, mlc_status(MLC_CONFIG_ERROR), "asked for a config error"),
      (#"{"fail":"open-retry"}"#, mlc_status(MLC_FATAL), "asked to retry at open"),
      (#"{"fail":"open-arbitrary"}"#, mlc_status(MLC_FATAL), "widget failure: cannot open"),
      (#"{"fail": 3}"#, mlc_status(MLC_CONFIG_ERROR), #"throwing config: "fail" must be a string"#),
      (#"{"fail":"#, mlc_status(MLC_CONFIG_ERROR), "throwing config: invalid JSON at byte 8"),
      ("[1]", mlc_status(MLC_CONFIG_ERROR), "must be a JSON object"),
    ]
    for (config, expected, message) in cases {
      let driver = PluginDriver(try descriptor(ThrowingConnector.self))
      XCTAssertEqual(driver.open(config), expected, config)
      XCTAssertNil(driver.instance, config)
      let reported = driver.host.errors.last?.message ?? ""
      XCTAssertTrue(reported.contains(message), "\(config): \(reported)")
    }
  }

  func testEmptyConfigOpens() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open(""), mlc_status(MLC_OK))
    XCTAssertEqual(driver.check().report, #"{"ok":true,"detail":"7 widgets ready"}"#)
  }

  func testReadComesInPagesAndEndsWithDone() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open(#"{"total":7}"#), mlc_status(MLC_OK))
    let result = driver.read("gadget", pageSize: 3)
    XCTAssertEqual(result.status, mlc_status(MLC_OK))
    XCTAssertTrue(result.done)
    XCTAssertEqual(result.pageSizes, [3, 3, 1])
    XCTAssertEqual(result.texts.first, #"{"entity":"gadget","key":"W/1","updated_at":"2026-01-01T00:00:00Z","cursor":"1"}"#)
    XCTAssertEqual(result.texts.count, 7)
    XCTAssertEqual(driver.host.logs.last?.message, "gadget reader closed after 3 pages")
    XCTAssertEqual(driver.host.logs.last?.level, mlc_log_level(MLC_LOG_DEBUG))
  }

  func testReadPassesSinceAndAnEmptySinceMeansEverything() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open(#"{"total":10}"#), mlc_status(MLC_OK))
    XCTAssertEqual(driver.read("widget", since: "8").texts.count, 3)
    XCTAssertEqual(driver.read("widget", since: "").texts.count, 10)
  }

  func testReadOfAnEntityNotInTheManifestIsUnsupported() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open("{}"), mlc_status(MLC_OK))
    XCTAssertEqual(driver.read("vendor").status, mlc_status(MLC_UNSUPPORTED))
    XCTAssertEqual(driver.host.errors.last?.message, #"widgets cannot read "vendor"; it reads widget, gadget"#)
  }

  func testReadErrorIsReportedAndTheReaderStillCloses() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open(#"{"total":10,"fail_page":2}"#), mlc_status(MLC_OK))
    let result = driver.read("widget", pageSize: 4)
    XCTAssertEqual(result.status, mlc_status(MLC_RETRY))
    XCTAssertFalse(result.done)
    XCTAssertEqual(result.pageSizes, [4])
    XCTAssertEqual(driver.host.errors.last?.message, "widget page 2 timed out")
    XCTAssertEqual(driver.host.errors.last?.retryAfter, 250)
    XCTAssertEqual(driver.host.logs.last?.message, "widget reader closed after 2 pages")
  }

  func testRecordTheHostRefusesStopsTheReadFatally() throws {
    let driver = PluginDriver(try descriptor(WidgetSource.self))
    XCTAssertEqual(driver.open("{}"), mlc_status(MLC_OK))
    let result = driver.read("widget", collector: EmitCollector(refuseAfter: 2))
    XCTAssertEqual(result.status, mlc_status(MLC_FATAL))
    let message = driver.host.errors.last?.message ?? ""
    XCTAssertTrue(message.contains("the host refused record 3 of this page"), message)
  }

  func testSinkOutcomesArriveByIndex() throws {
    let driver = PluginDriver(try descriptor(WidgetSink.self))
    XCTAssertEqual(driver.open("{}"), mlc_status(MLC_OK))
    let (status, reports) = driver.write("widget", [
      #"{"entity":"widget","key":"W/1","updated_at":"2026-01-01T00:00:00Z"}"#,
      #"{"entity":"widget","key":"W/2bad","updated_at":"2026-01-01T00:00:00Z"}"#,
      #"{"entity":"widget","updated_at":"2026-01-01T00:00:00Z"}"#,
    ])
    XCTAssertEqual(status, mlc_status(MLC_OK))
    XCTAssertEqual(reports, [
      0: PluginDriver.Report(outcome: mlc_outcome(MLC_OUTCOME_INSERTED), targetKey: "T-W/1", message: ""),
      1: PluginDriver.Report(outcome: mlc_outcome(MLC_OUTCOME_FAILED), targetKey: "",
                             message: "W/2bad: rejected by the widget API"),
      2: PluginDriver.Report(outcome: mlc_outcome(MLC_OUTCOME_FAILED), targetKey: "", message: "record 2 has no key"),
    ])
    XCTAssertEqual(driver.write("widget", []).status, mlc_status(MLC_OK))
  }

  func testSinkThatReportsPastTheBatchFailsInsteadOfTrapping() throws {
    let driver = PluginDriver(try descriptor(WidgetSink.self))
    XCTAssertEqual(driver.open(#"{"misreport":true}"#), mlc_status(MLC_OK))
    let (status, reports) = driver.write("widget", [#"{"key":"W/1"}"#])
    XCTAssertEqual(status, mlc_status(MLC_FATAL))
    XCTAssertEqual(reports.count, 1)
    let message = driver.host.errors.last?.message ?? ""
    XCTAssertTrue(message.contains("outcome for record 1, but the batch holds 1 records"), message)
  }

  func testSinkRejectsAnEntityNotInTheManifestAndMalformedRecordsFail() throws {
    let driver = PluginDriver(try descriptor(WidgetSink.self))
    XCTAssertEqual(driver.open("{}"), mlc_status(MLC_OK))
    XCTAssertEqual(driver.write("vendor", [#"{"key":"V/1"}"#]).status, mlc_status(MLC_UNSUPPORTED))
    let (status, _) = driver.write("widget", [#"{"key":"W/1",}"#])
    XCTAssertEqual(status, mlc_status(MLC_FATAL))
    let message = driver.host.errors.last?.message ?? ""
    XCTAssertTrue(message.contains("invalid JSON at byte 13"), message)
  }
}
