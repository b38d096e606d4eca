import MLCPluginKit

/// The ServiceNow Source-to-Pay connector: a sink of vendors, GL accounts, cost centers,
/// purchase orders, AP invoices and AP payments into the S2P inbound staging tables through
/// the Import Set API, and a source of approved purchase requisitions as procurement
/// requests through the Table API.
///
/// The connection's `base_url` is the instance (`https://<instance>.service-now.com`); its
/// `auth` is OAuth2 client credentials against `oauth_token.do`, usually with a Basic
/// `fallback` for instances where that grant is not enabled. The host attaches whichever
/// works, retries 429 and 5xx, and refreshes the 30-minute tokens; this connector only
/// shapes requests and reads answers. Config keys: see `ServiceNowConfig`.
public final class ServiceNowConnector: Source, Sink {
  public static let manifest = Manifest(
    name: "servicenow", version: "1.0.0",
    reads: ["procurement_request"],
    writes: ["gl_account", "cost_center", "vendor", "purchase_order", "ap_invoice", "ap_payment"],
    configSchema: ServiceNowConfig.schema,
    auth: ["oauth2_client_credentials", "basic", "oauth2_password", "oauth2_refresh_token"],
    concurrent: false)

  let config: ServiceNowConfig
  let client: ServiceNowClient
  let host: PluginHost
  /// Shared by every batch, so each learns from the last how long transforms take.
  let pacer: TransformPacer

  public init(config: ConfigObject, host: PluginHost) throws {
    self.config = try ServiceNowConfig(config)
    self.client = ServiceNowClient(host: host)
    self.host = host
    self.pacer = TransformPacer(ceiling: min(self.config.importTimeout, 30))
  }

  /// Reads one requisition with the Table API: proves the base URL, the credentials (the
  /// host's active auth profile signed the request) and read access to the table the source
  /// reads, and counts the requisitions the source would deliver.
  public func check() throws -> CheckReport {
    let listing: TableListing
    do {
      listing = try client.list(config.requisitionTable, [
        ("sysparm_query", config.requisitionQuery), ("sysparm_fields", "sys_id,sys_updated_on"),
        ("sysparm_limit", "1"),
      ])
    } catch let failure as ServiceNowFailure {
      throw PluginError.fatal("servicenow check: \(failure)")
    }
    let count = listing.totalCount.map(String.init) ?? (listing.rows.isEmpty ? "no" : "some")
    let filter = config.requisitionQuery.isEmpty ? "" : " matching \(config.requisitionQuery)"
    return CheckReport(detail: "authenticated Table API read of \(config.requisitionTable) succeeded: \(count) requisitions\(filter); "
      + "writes go to the Import Set API in \(config.writeMode.rawValue) mode")
  }

  /// Starts a read of approved requisitions as `procurement_request` (see `RequisitionReader`).
  public func openReader(_ request: ReadRequest) throws -> any RecordReader {
    guard request.entity == "procurement_request" else {
      throw PluginError.unsupported("servicenow: reads only procurement_request, not \(request.entity)")
    }
    return try RequisitionReader(client: client, config: config, request: request)
  }

  /// Writes a batch into the staging tables and reports each record (see `StagingSink`).
  public func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    try StagingSink(config: config, client: client, host: host, pacer: pacer).write(batch, outcomes: outcomes)
  }
}
