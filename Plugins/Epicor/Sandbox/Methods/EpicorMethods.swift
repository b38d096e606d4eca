import Foundation
import MLCSandboxKit

/// The BO methods the sandbox runs: `POST .../Erp.BO.{Svc}/{Method}` with a JSON object of
/// named parameters; by-ref and out parameters come back under `parameters`, the return value
/// under `returnObj` [V EPI-DOCS, EPI-AP; shapes V SNO `*_input`/`*_output` classes].
///
/// Served: `GetNew<Table>` for every table of the tableset (`GetNewVendor`, `GetNewPOHeader`,
/// `GetNewPODetail {poNUM}`, `GetNewAPInvHed {vendorNum}`, `GetNewAPInvHedInvoice {cGroupID}`,
/// `GetNewAPInvDtl {vendorNum, invoiceNum}`, `GetNewAPInvExp {vendorNum, invoiceNum,
/// invoiceLine}`, `GetNewAPInvGrp`/`GetNewAPInvGrpNoLock`, `GetNewCheckHed`, `GetNewAPTran
/// {headNum, apTranNo, invoiceNum}` [V SNO PaymentEntrySvc]), `Update {ds}`, `UpdateMaster`
/// (APInvoiceSvc) and `GetByID`. Other method names answer 404: the sandbox does not pretend
/// to run logic it doesn't have.
struct EpicorMethods {
  let store: EpicorStore
  let writer: EpicorWriter
  let service: EpicorService

  /// Runs `method` with `parameters` (the JSON body, or the query for `GET ...GetByID`).
  func call(_ method: String, parameters: SandboxJSON) throws -> SandboxJSON {
    switch method {
    case "Update":
      return .object([.init("parameters", .object([.init("ds", try update(parameters))]))])
    case "UpdateMaster" where service.name == "APInvoiceSvc":
      return try updateMaster(parameters)
    case "GetByID":
      return .object([.init("returnObj", try getByID(parameters))])
    default:
      guard let template = EpicorNewRows.template(service: service.name, method: method) else {
        throw EpicorError.notFound("Method '\(method)' is not available on Erp.BO.\(service.name) in this sandbox.")
      }
      let ds = try tableset(parameters)
      var record = try template(EpicorNewRows.Context(store: store, writer: writer, parameters: parameters, ds: ds))
      record["RowMod"] = .string("A")
      var output = ds
      output[record.schema.name, default: []].append(record.json(sysRowID: "00000000-0000-0000-0000-000000000000"))
      return .object([.init("parameters", .object([.init("ds", dsJSON(output))]))])
    }
  }

  /// `Update`: writes every row whose `RowMod` is A, U or D, all or nothing, and returns the
  /// tableset with the written rows as stored (RowMod cleared).
  private func update(_ parameters: SandboxJSON) throws -> SandboxJSON {
    let ds = try tableset(parameters)
    var written: [(table: String, index: Int, key: [EpicorValue]?)] = []
    try store.transaction {
      for table in service.tables {
        for (index, row) in (ds[table] ?? []).enumerated() {
          guard let members = row.members else {
            throw EpicorError.badRequest("ds.\(table)[\(index)] must be an object.", type: "Newtonsoft.Json.JsonSerializationException")
          }
          let path = "ds.\(table)[\(index)]"
          switch row["RowMod"]?.stringValue ?? "" {
          case "A": written.append((table, index, try writer.add(table, members, path: path).key))
          case "U": written.append((table, index, try writer.change(table, members, path: path).key))
          case "D":
            let probe = try keyRecord(table, members, path: path)
            try writer.remove(table, key: probe.key)
            written.append((table, index, nil))
          default: continue
          }
        }
      }
    }
    var output = ds
    for entry in written.reversed() {
      if let key = entry.key, let stored = writer.find(entry.table, key) {
        output[entry.table]![entry.index] = json(stored)
      } else {
        output[entry.table]!.remove(at: entry.index)
      }
    }
    return dsJSON(output)
  }

  /// `UpdateMaster`: `Update`, plus the group total and the prompt flags [V SNO output class].
  private func updateMaster(_ parameters: SandboxJSON) throws -> SandboxJSON {
    let ds = try update(parameters)
    let groupID = parameters["cGroupID"]?.stringValue ?? ""
    var groupTotal = Decimal(0)
    if !groupID.isEmpty {
      let invoices = writer.children("APInvHed", where: ["Company", "GroupID"], equal: [.string(store.company), .string(groupID)])
      groupTotal = invoices.reduce(Decimal(0)) { $0 + $1.decimal("DocInvoiceAmt") }
    }
    return .object([.init("parameters", .object([
      .init("ds", ds), .init("grpTotalInvAmt", .number(groupTotal.description)), .init("requiresUserInput", .bool(false)),
      .init("opMessage", .string("")), .init("opMsgChkBankRef", .string("")), .init("opChkRevMsg", .string("")),
      .init("lEnableGenLegalNum", .bool(false)), .init("lUpdateRan", .bool(true)), .init("opDUAMsg", .string("")),
    ]))])
  }

  /// `GetByID`: the root row by its key parameters (`vendorNum`, `poNum`, `headNum`, ...) and
  /// all its children, as a tableset.
  private func getByID(_ parameters: SandboxJSON) throws -> SandboxJSON {
    let root = store.table(service.tables[0])
    var key: [EpicorValue] = []
    // Parameter names are the key columns in camel case (`poNum`, `vendorNum`, `invoiceNum`,
    // `headNum` [V SNO GetByID signatures]); matched ignoring case so `PONum` works too.
    let members = parameters.members ?? []
    for field in root.schema.key.map({ root.schema.fields[$0] }) where field.name != "Company" {
      guard let member = members.last(where: { $0.key.lowercased() == field.name.lowercased() }) else {
        throw EpicorError.badRequest("Parameter \(field.name.prefix(1).lowercased() + field.name.dropFirst()) is not found in the input object")
      }
      key.append(try field.type.coerce(member.value, path: member.key))
    }
    guard let record = writer.find(root.schema.name, [.string(store.company)] + key) else {
      throw EpicorError.recordNotFound(root.schema.name)
    }
    var output: [String: [SandboxJSON]] = [root.schema.name: [json(record)]]
    collectChildren(of: record, into: &output)
    return dsJSON(output)
  }

  private func collectChildren(of record: EpicorRecord, into output: inout [String: [SandboxJSON]]) {
    for navigation in record.schema.navigations where !(record.schema.name == "APInvHed" && navigation.name == "APInvExps") {
      let values = navigation.parentFields.map { record[$0] }
      for child in writer.children(navigation.childTable, where: navigation.childFields, equal: values) {
        output[navigation.childTable, default: []].append(json(child))
        collectChildren(of: child, into: &output)
      }
    }
  }

  /// The `ds` parameter as rows per table; a missing `ds` is Epicor's parameter error.
  private func tableset(_ parameters: SandboxJSON) throws -> [String: [SandboxJSON]] {
    guard let ds = parameters["ds"] else { throw EpicorError.badRequest("Parameter ds is not found in the input object") }
    guard let members = ds.members else {
      throw EpicorError.badRequest("Parameter ds must be an object of tables.", type: "Newtonsoft.Json.JsonSerializationException")
    }
    var tables: [String: [SandboxJSON]] = [:]
    for member in members { tables[member.key] = member.value.items ?? [] }
    return tables
  }

  /// A tableset object: every table of the service in tableset order, then any other tables
  /// the client sent, then `ExtensionTables`.
  private func dsJSON(_ tables: [String: [SandboxJSON]]) -> SandboxJSON {
    var members = service.tables.map { SandboxJSON.Member($0, .array(tables[$0] ?? [])) }
    for (name, rows) in tables.sorted(by: { $0.key < $1.key }) where !service.tables.contains(name) && name != "ExtensionTables" {
      members.append(.init(name, .array(rows)))
    }
    members.append(.init("ExtensionTables", .array([])))
    return .object(members)
  }

  private func keyRecord(_ table: String, _ members: [SandboxJSON.Member], path: String) throws -> EpicorRecord {
    let schema = store.table(table).schema
    var record = EpicorRecord(schema, company: store.company)
    for member in members {
      guard let index = schema.position(of: member.key), schema.key.contains(index) else { continue }
      record.values[index] = try schema.fields[index].type.coerce(member.value, path: "\(path).\(member.key)")
    }
    return record
  }

  private func json(_ record: EpicorRecord) -> SandboxJSON {
    let table = store.table(record.schema.name)
    let id = table.position(forKey: record.key).map { table.rows[$0].id }
    return record.json(sysRowID: id.map(table.sysRowID))
  }
}
