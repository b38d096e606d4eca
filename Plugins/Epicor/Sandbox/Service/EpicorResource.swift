import Foundation
import MLCSandboxKit

/// The part of a v2 URL after `Erp.BO.{Svc}/`, parsed: the service root, `$metadata`, an
/// entity set with an optional key and navigation (`POes('EPIC06',4711)/PODetails`), or a
/// method name.
///
/// Keys are positional in key order with strings single-quoted (`POes('EPIC06',4711)`) [V,
/// live-verified comment in EPI-PO]; the standard OData named form (`POes(Company='EPIC06',
/// PONum=4711)`) is accepted too.
enum EpicorResource {
  case serviceRoot
  case metadata
  case entitySet(String, key: [ODataLiteral]?, navigation: String?, navigationKey: [ODataLiteral]?)
  case method(String)

  /// Parses the decoded segments after the service segment; a single name that is not one of
  /// `service`'s entity sets is a method.
  static func parse(_ segments: [String], service: EpicorService) throws -> EpicorResource {
    guard let first = segments.first, !first.isEmpty else { return .serviceRoot }
    if first == "$metadata" { return .metadata }
    let (name, key) = try splitKey(first)
    guard segments.count <= 2 else { throw EpicorError.notFound("The path has more segments than the sandbox serves.") }
    if segments.count == 2 {
      let (navigation, navigationKey) = try splitKey(segments[1])
      return .entitySet(name, key: key, navigation: navigation, navigationKey: navigationKey)
    }
    if key == nil, service.entitySets[name] == nil { return .method(name) }
    return .entitySet(name, key: key, navigation: nil, navigationKey: nil)
  }

  /// Splits `Name(k1,k2)` into the name and the key literals.
  private static func splitKey(_ segment: String) throws -> (String, [ODataLiteral]?) {
    guard let open = segment.firstIndex(of: "(") else { return (segment, nil) }
    guard segment.hasSuffix(")") else { throw EpicorError.odata("Bad Request - Error in query syntax: missing ')' in '\(segment)'.") }
    let name = String(segment[..<open])
    let inner = String(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)])
    let parts = ODataQuery.splitTopLevel(inner, separator: ",").map(\.trimmed)
    let values = try parts.map { part -> ODataLiteral in
      var text = part
      if let equals = part.firstIndex(of: "="), !part[..<equals].contains("'") {
        text = String(part[part.index(after: equals)...]).trimmed
      }
      guard case .literal(let literal) = try ODataFilterParser.parse(text) else {
        throw EpicorError.odata("The key value '\(part)' in '\(segment)' is not a literal.")
      }
      return literal
    }
    return (name, values)
  }

  /// Converts key literals to a table's key values (all columns, in key order).
  static func keyValues(_ literals: [ODataLiteral], for schema: EpicorTableSchema) throws -> [EpicorValue] {
    guard literals.count == schema.key.count else {
      let names = schema.key.map { schema.fields[$0].name }.joined(separator: ",")
      throw EpicorError.odata("The number of keys specified in the URI does not match number of key properties (\(names)) for the resource '\(schema.typeName)'.")
    }
    return try zip(literals, schema.key).map { literal, index in
      let field = schema.fields[index]
      switch (field.type, literal) {
      case (.string, .string), (.int, .int), (.bool, .bool), (.dateTime, .dateTime): return literal.value
      case (.decimal, .int(let number)): return .decimal(Decimal(number))
      case (.decimal, .decimal(let number)): return .decimal(number)
      case (.int, .decimal(let number)) where number == Decimal(NSDecimalNumber(decimal: number).intValue):
        return .int(NSDecimalNumber(decimal: number).intValue)
      default:
        throw EpicorError.odata("The key value for property '\(field.name)' must be of type '\(field.type.edmName)', not '\(literal.edmName)'.")
      }
    }
  }
}
