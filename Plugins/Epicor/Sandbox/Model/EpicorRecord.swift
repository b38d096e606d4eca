import Foundation
import MLCSandboxKit

/// A row's values with access by column name, for business rules and the seeder, which read
/// far better as `record["VendorNum"]` than as positions.
struct EpicorRecord {
  let schema: EpicorTableSchema
  var values: [EpicorValue]

  /// A new row of `schema` with every column at its default and `Company` set.
  init(_ schema: EpicorTableSchema, company: String) {
    self.schema = schema
    self.values = schema.defaultValues()
    self["Company"] = .string(company)
  }

  init(_ schema: EpicorTableSchema, values: [EpicorValue]) {
    self.schema = schema
    self.values = values
  }

  /// The value of column `name`; reading an unknown name is a programming error.
  subscript(name: String) -> EpicorValue {
    get {
      guard let index = schema.position(of: name) else { preconditionFailure("\(schema.name) has no column \(name)") }
      return values[index]
    }
    set {
      guard let index = schema.position(of: name) else { preconditionFailure("\(schema.name) has no column \(name)") }
      values[index] = newValue
    }
  }

  func string(_ name: String) -> String { self[name].stringValue ?? "" }
  func int(_ name: String) -> Int { self[name].intValue ?? 0 }
  func decimal(_ name: String) -> Decimal { self[name].decimalValue ?? 0 }
  func bool(_ name: String) -> Bool { self[name].boolValue ?? false }
  func date(_ name: String) -> SandboxDateTime? { self[name].dateTimeValue }

  /// The key values in key order.
  var key: [EpicorValue] { schema.key.map { values[$0] } }

  /// The row as a JSON object (for method responses), `SysRowID` filled in by `table`.
  func json(sysRowID: String?) -> SandboxJSON {
    .object(schema.fields.enumerated().map { index, field in
      if index == schema.sysRowID, let sysRowID { return .init(field.name, .string(sysRowID)) }
      return .init(field.name, values[index].json)
    })
  }
}
