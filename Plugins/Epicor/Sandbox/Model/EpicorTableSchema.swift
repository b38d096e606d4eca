import Foundation
import MLCSandboxKit

/// The type of one Epicor column, with its OData (Edm) name and JSON coercion.
enum EpicorFieldType: Sendable {
  case string, int, decimal, bool, dateTime

  /// The Edm type name OData error messages use.
  var edmName: String {
    switch self {
    case .string: return "Edm.String"
    case .int: return "Edm.Int32"
    case .decimal: return "Edm.Decimal"
    case .bool: return "Edm.Boolean"
    case .dateTime: return "Edm.DateTimeOffset"
    }
  }

  /// The .NET type name Newtonsoft's conversion errors use.
  var clrName: String {
    switch self {
    case .string: return "System.String"
    case .int: return "System.Int32"
    case .decimal: return "System.Decimal"
    case .bool: return "System.Boolean"
    case .dateTime: return "System.Nullable`1[System.DateTime]"
    }
  }

  /// The value a new row starts with: empty, zero, false, or null for dates.
  var defaultValue: EpicorValue {
    switch self {
    case .string: return .string("")
    case .int: return .int(0)
    case .decimal: return .decimal(0)
    case .bool: return .bool(false)
    case .dateTime: return .null
    }
  }

  /// Converts a JSON value from a request body, as Newtonsoft would: numbers from numeric
  /// strings, dates from ISO text with or without offset; `path` names the value in the error.
  func coerce(_ json: SandboxJSON, path: String) throws -> EpicorValue {
    func failure() -> EpicorError {
      EpicorError.badRequest(
        "Error converting value \(json.serialized) to type '\(clrName)'. Path '\(path)'.",
        type: "Newtonsoft.Json.JsonSerializationException")
    }
    switch (self, json) {
    case (.dateTime, .null): return .null
    case (_, .null): throw failure()
    case (.string, .string(let text)): return .string(text)
    case (.string, .number(let text)): return .string(text)
    case (.int, .number(let text)):
      guard let number = Int(text) ?? Money.parse(text).flatMap(Self.exactInt) else { throw failure() }
      return .int(number)
    case (.int, .string(let text)):
      guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else { throw failure() }
      return .int(number)
    case (.decimal, .number(let text)), (.decimal, .string(let text)):
      guard let number = Money.parse(text.trimmingCharacters(in: .whitespaces)) else { throw failure() }
      return .decimal(number)
    case (.bool, .bool(let flag)): return .bool(flag)
    case (.bool, .string(let text)):
      switch text.lowercased() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: throw failure()
      }
    case (.dateTime, .string(let text)):
      if text.isEmpty { return .null }
      guard let time = SandboxDateTime.parse(text) else { throw failure() }
      return .dateTime(time)
    default:
      throw failure()
    }
  }

  private static func exactInt(_ value: Decimal) -> Int? {
    var input = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &input, 0, .plain)
    return rounded == value ? NSDecimalNumber(decimal: value).intValue : nil
  }
}

/// One column of a table.
struct EpicorField: Sendable {
  let name: String
  let type: EpicorFieldType
}

/// A child collection reachable from a row (`POes(...)/PODetails`, `$expand=PODetails`):
/// the child table and which child columns hold the parent's values.
struct EpicorNavigation: Sendable {
  let name: String
  let childTable: String
  /// Column names in the parent, matched position by position with `childFields`.
  let parentFields: [String]
  let childFields: [String]
}

/// The shape of one Epicor table: columns in the order Epicor prints them, the key in URL
/// order, the change-tracking column and the navigations to child tables.
final class EpicorTableSchema: Sendable {
  /// The table name as tablesets use it (`POHeader`, `APInvHed`).
  let name: String
  /// The type name OData errors print ("Could not find a property named 'X' on type 'Erp.PO'").
  let typeName: String
  let fields: [EpicorField]
  let key: [Int]
  /// `ChangeDate` or `ChangedOn`, if the table has one.
  let changeField: Int?
  let navigations: [EpicorNavigation]
  /// The column that holds the row's GUID, computed from the row id rather than stored.
  let sysRowID: Int?
  private let positions: [String: Int]

  init(name: String, typeName: String, fields: [(String, EpicorFieldType)], key: [String], changeField: String? = nil,
       navigations: [EpicorNavigation] = []) {
    self.name = name
    self.typeName = typeName
    self.fields = fields.map { EpicorField(name: $0.0, type: $0.1) }
    var positions: [String: Int] = [:]
    for (index, field) in fields.enumerated() { positions[field.0] = index }
    self.positions = positions
    self.key = key.map { positions[$0]! }
    self.changeField = changeField.map { positions[$0]! }
    self.navigations = navigations
    self.sysRowID = positions["SysRowID"]
  }

  /// The position of the column `name` (case-sensitive, as OData names are), or `nil`.
  func position(of name: String) -> Int? { positions[name] }

  /// The position of `name`, or the OData error Epicor answers for an unknown property.
  func requirePosition(of name: String) throws -> Int {
    guard let index = positions[name] else { throw EpicorError.unknownProperty(name, on: typeName) }
    return index
  }

  /// The navigation called `name`, or `nil`.
  func navigation(_ name: String) -> EpicorNavigation? {
    navigations.first { $0.name == name }
  }

  /// The key columns other than `Company` (constant within one company's data).
  var keyWithoutCompany: [Int] {
    key.filter { fields[$0].name != "Company" }
  }

  /// A new row's values: every column at its type's default.
  func defaultValues() -> [EpicorValue] {
    fields.map(\.type.defaultValue)
  }
}
