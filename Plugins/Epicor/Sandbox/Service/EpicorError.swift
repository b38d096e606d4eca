import Foundation
import MLCSandboxKit

/// An error answer in Epicor's REST error shape.
///
/// Shape [V-3p EPI-DOCS "REST errors and troubleshooting"; field names confirmed by the
/// `EpicorAPIException` class of public client code]:
/// `{"HttpStatus":400,"ReasonPhrase":"REST API Exception","ErrorMessage":"...","ErrorType":
/// "Ice.Common.BusinessObjectException","ErrorDetails":[{"Message","Type","Table","Field"}],
/// "CorrelationId":"..."}`. XML when the client asks for `application/xml` [V-3p EPI-DOCS];
/// the XML element names mirror the JSON ones [U]. Statuses per SYSTEMS.md §1.7: 400 BL and
/// OData errors, 401 auth and API key, 404 wrong service/entity or record not found, 409
/// duplicate key. The exact message texts are the sandbox's own except where noted [U].
struct EpicorError: Error, Sendable {
  /// One `ErrorDetails` entry.
  struct Detail: Sendable {
    var message: String
    var type = "Error"
    var table: String?
    var field: String?
  }

  var status: Int
  var message: String
  var type: String
  var details: [Detail]
  var reasonPhrase = "REST API Exception"

  init(status: Int, message: String, type: String, details: [Detail]? = nil) {
    self.status = status
    self.message = message
    self.type = type
    self.details = details ?? [Detail(message: message)]
  }

  /// A business-logic failure on one column: 400 `BusinessObjectException` naming the table
  /// and field, as Epicor's BL validation does.
  static func validation(_ message: String, table: String, field: String) -> EpicorError {
    EpicorError(status: 400, message: message, type: "Ice.Common.BusinessObjectException",
                details: [Detail(message: message, table: table, field: field)])
  }

  /// A 400 with the given exception type.
  static func badRequest(_ message: String, type: String = "Ice.Common.BusinessObjectException") -> EpicorError {
    EpicorError(status: 400, message: message, type: type)
  }

  /// A `$filter`/`$select`/`$orderby` parse error (`ODataException`, 400).
  static func odata(_ message: String) -> EpicorError {
    EpicorError(status: 400, message: message, type: "Microsoft.OData.ODataException")
  }

  /// The OData error for an unknown property; text as seen live: "Could not find a property
  /// named 'VendorID' on type 'Erp.PO'." [V EPI-PO].
  static func unknownProperty(_ name: String, on typeName: String) -> EpicorError {
    odata("Could not find a property named '\(name)' on type '\(typeName)'.")
  }

  /// A 404 for a URL that names no service, entity set or method (`ApiException`).
  static func notFound(_ message: String) -> EpicorError {
    EpicorError(status: 404, message: message, type: "Epicor.RESTApi.ErrorHandling.ApiException")
  }

  /// A 404 for a key that matches no row.
  static func recordNotFound(_ table: String) -> EpicorError {
    EpicorError(status: 404, message: "Record not found.", type: "Ice.Common.RecordNotFoundException",
                details: [Detail(message: "Record not found.", table: table)])
  }

  /// A 401 for a missing API key, bad credentials or an expired token.
  static func unauthorized(_ message: String) -> EpicorError {
    var error = EpicorError(status: 401, message: message, type: "Epicor.RESTApi.ErrorHandling.ApiException")
    error.reasonPhrase = "Unauthorized"
    return error
  }

  /// The response: JSON, or XML when the client's `Accept` prefers `application/xml`.
  func response(for request: HTTPRequest, correlationId: String) -> HTTPResponse {
    var headers = HTTPHeaders()
    if status == 401 { headers["WWW-Authenticate"] = #"Basic realm="Epicor", Bearer"# }
    if Self.wantsXML(request) {
      var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error>"
      xml += "<HttpStatus>\(status)</HttpStatus><ReasonPhrase>\(Self.xmlEscaped(reasonPhrase))</ReasonPhrase>"
      xml += "<ErrorMessage>\(Self.xmlEscaped(message))</ErrorMessage><ErrorType>\(Self.xmlEscaped(type))</ErrorType><ErrorDetails>"
      for detail in details {
        xml += "<ErrorDetail><Message>\(Self.xmlEscaped(detail.message))</Message><Type>\(detail.type)</Type>"
        xml += "<Table>\(Self.xmlEscaped(detail.table ?? ""))</Table><Field>\(Self.xmlEscaped(detail.field ?? ""))</Field></ErrorDetail>"
      }
      xml += "</ErrorDetails><CorrelationId>\(correlationId)</CorrelationId></Error>"
      return HTTPResponse(status: status, contentType: "application/xml; charset=utf-8", text: xml, headers: headers)
    }
    return .json(status, json(correlationId: correlationId).serialized, headers: headers)
  }

  /// The JSON body.
  func json(correlationId: String) -> SandboxJSON {
    let detailItems: [SandboxJSON] = details.map { detail in
      .object([
        .init("Message", .string(detail.message)), .init("Type", .string(detail.type)),
        .init("Table", detail.table.map(SandboxJSON.string) ?? .null),
        .init("Field", detail.field.map(SandboxJSON.string) ?? .null),
      ])
    }
    return .object([
      .init("HttpStatus", .number(String(status))), .init("ReasonPhrase", .string(reasonPhrase)),
      .init("ErrorMessage", .string(message)), .init("ErrorType", .string(type)),
      .init("ErrorDetails", .array(detailItems)), .init("CorrelationId", .string(correlationId)),
    ])
  }

  /// Whether the request's `Accept` asks for XML rather than JSON.
  static func wantsXML(_ request: HTTPRequest) -> Bool {
    guard let accept = request.headers["Accept"]?.lowercased() else { return false }
    return accept.contains("xml") && !accept.contains("json")
  }

  static func xmlEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }
}
