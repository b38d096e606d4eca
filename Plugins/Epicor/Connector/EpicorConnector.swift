import Foundation
import MLCPluginKit

/// The Epicor Kinetic connector: reads vendors, purchase orders, AP invoices, AP payments,
/// GL accounts, cost centers and parts over the REST v2 OData API, and writes vendors, AP
/// invoices and AP payments through the business-object methods.
///
/// Credentials never reach it: the host's auth profile (`basic`, `token_exchange` for
/// TokenResource.svc, or `oauth2_client_credentials`, each with the `x-api-key` header)
/// signs every request, and the host retries 429/5xx and renews an expired token. See
/// `EpicorConfig` for the connection's settings and `EpicorReader` for incremental reads.
public final class EpicorConnector: Source, Sink {
  public static let manifest = Manifest(
    name: "epicor", version: "1.0.0",
    reads: EpicorEntity.allCases.map(\.name),
    writes: EpicorEntity.writable.map(\.name),
    configSchema: EpicorConfig.schema,
    auth: ["basic", "token_exchange", "oauth2_client_credentials"],
    concurrent: false)

  let config: EpicorConfig
  let client: EpicorClient
  let vendors: VendorDirectory
  let accounts: GLAccountResolver

  public init(config: ConfigObject, host: PluginHost) throws {
    self.config = try EpicorConfig(config)
    client = EpicorClient(host: host, config: self.config)
    vendors = VendorDirectory(client: client)
    accounts = GLAccountResolver(client: client, host: host)
  }

  public func check() throws -> CheckReport {
    try EpicorCheck(client: client).run()
  }

  public func openReader(_ request: ReadRequest) throws -> any RecordReader {
    guard let entity = EpicorEntity(rawValue: request.entity) else {
      throw PluginError.unsupported("epicor: no entity \"\(request.entity)\" to read")
    }
    if entity == .costCenter && config.costCenterSegment == nil {
      throw PluginError.config("epicor config: \"cost_center_segment\" is required to read cost_center: set it to the number of the chart-of-accounts segment that holds cost centers (e.g. 2)")
    }
    let observedAt = CivilTime.timestampText(milliseconds: Int64(Date().timeIntervalSince1970 * 1000) / 1000 * 1000)
    return try EpicorReader(mapping: Self.mapping(entity), context: MappingContext(config: config, vendors: vendors),
                            client: client, request: request, observedAt: observedAt)
  }

  public func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    guard let entity = EpicorEntity(rawValue: batch.entity), EpicorEntity.writable.contains(entity) else {
      throw PluginError.unsupported("epicor: cannot write \"\(batch.entity)\"; it writes \(EpicorEntity.writable.map(\.name).joined(separator: ", "))")
    }
    try EpicorSink(client: client, vendors: vendors, host: client.host, accounts: accounts).write(entity, batch, outcomes: outcomes)
  }

  /// The mapping of `entity`.
  static func mapping(_ entity: EpicorEntity) -> any RecordMapping {
    switch entity {
    case .vendor: return VendorMapping()
    case .purchaseOrder: return PurchaseOrderMapping()
    case .apInvoice: return APInvoiceMapping()
    case .apPayment: return APPaymentMapping()
    case .glAccount: return GLAccountMapping()
    case .costCenter: return CostCenterMapping()
    case .part: return PartMapping()
    }
  }
}
