import MLCPluginKit

/// The Epicor connection's `config` object, validated. Secrets are not here: the host's
/// auth profile (`basic`, `token_exchange` or `oauth2_client_credentials`, each with
/// `"api_key": {"header": "x-api-key", ...}`) attaches them.
///
/// ```json
/// {"company": "EPIC06", "api_version": "v2", "time_zone": "America/Chicago",
///  "cost_center_segment": 2, "coa_code": "MainBook", "page_size": 100,
///  "change_fields": {"purchase_order": "ChangeDate"}, "filter_datetime": "local",
///  "ap_invoice_group": "MLC", "payment_group": "MLCPAY", "payment_bank_account": "CHK",
///  "gl_separator": "-"}
/// ```
struct EpicorConfig: Sendable {
  /// The REST API generation: v2 (OData v4, company in the URL, API key required) or v1.
  enum APIVersion: String, Sendable {
    case v1, v2
  }

  /// How a date-time is written in a `$filter`: the tenant's wall clock without a zone
  /// (`2026-01-15T08:30:00.000`, the form Epicor's docs show) or UTC with `Z`.
  enum DateTimeLiteral: String, Sendable {
    case local, utc
  }

  var company: String
  var apiVersion: APIVersion
  var timeZone: TenantTimeZone
  var pageSize: Int
  var costCenterSegment: Int?
  var coaCode: String?
  var changeFields: [EpicorEntity: ChangeField]
  var dateTimeLiteral: DateTimeLiteral
  var invoiceGroup: String
  var paymentGroup: String
  var paymentBankAccount: String?
  /// What Epicor prints between GL account segments, for accounts that arrive only in the
  /// stored form (`4000|100|10`).
  var glSeparator: String

  static let members: Set<String> = [
    "company", "api_version", "time_zone", "page_size", "cost_center_segment", "coa_code",
    "change_fields", "filter_datetime", "ap_invoice_group", "payment_group", "payment_bank_account", "gl_separator",
  ]

  /// The JSON Schema in the manifest.
  static let schema = #"""
    {"type":"object","additionalProperties":false,"required":["company"],"properties":{\#
    "company":{"type":"string","description":"Epicor company ID, the company segment of every v2 URL (e.g. EPIC06)"},\#
    "api_version":{"enum":["v2","v1"],"default":"v2"},\#
    "time_zone":{"type":"string","default":"UTC","description":"zone of the Epicor server's wall clock: UTC, +HH:MM or an IANA name"},\#
    "page_size":{"type":"integer","minimum":1,"maximum":1000,"default":100,"description":"$top per request (Epicor's default row cap is 100)"},\#
    "cost_center_segment":{"type":"integer","minimum":1,"maximum":20,"description":"COA segment number holding the cost center"},\#
    "coa_code":{"type":"string","description":"chart of accounts to read GL accounts and segment values from (default: all)"},\#
    "change_fields":{"type":"object","additionalProperties":{"type":"string"},"description":"change column per entity, e.g. {\"vendor\":\"SysRevID\"}"},\#
    "filter_datetime":{"enum":["local","utc"],"default":"local","description":"date-time literal form in $filter"},\#
    "ap_invoice_group":{"type":"string","default":"MLC","description":"AP invoice group new invoices are entered in"},\#
    "payment_group":{"type":"string","default":"MLCPAY","description":"payment group new payments are entered in"},\#
    "payment_bank_account":{"type":"string","description":"BankAcctID new payments are drawn on (default: the group's)"},\#
    "gl_separator":{"type":"string","default":"-","description":"separator Epicor prints between GL account segments"}}}
    """#

  /// Reads and checks `config`; every problem names its field.
  init(_ config: ConfigObject) throws {
    try config.rejectUnknownMembers(Self.members)
    guard let company = try config.string("company"), !company.isEmpty else {
      throw config.error("company", "is required: the Epicor company ID every v2 URL names, e.g. \"EPIC06\"")
    }
    guard !company.contains("/") && !company.contains("'") else {
      throw config.error("company", "must be an Epicor company ID without '/' or quotes, found \"\(company)\"")
    }
    self.company = company
    let version = try config.string("api_version") ?? "v2"
    guard let apiVersion = APIVersion(rawValue: version) else {
      throw config.error("api_version", "must be \"v2\" or \"v1\", found \"\(version)\"")
    }
    self.apiVersion = apiVersion
    let zoneName = try config.string("time_zone") ?? "UTC"
    guard let zone = TenantTimeZone(parsing: zoneName) else {
      throw config.error("time_zone", "must be UTC, an offset such as \"+02:00\" or an IANA zone such as \"America/Chicago\", found \"\(zoneName)\"")
    }
    timeZone = zone
    pageSize = try config.int("page_size", default: 100, in: 1...1000)
    costCenterSegment = try config.int("cost_center_segment", in: 1...20)
    coaCode = try config.string("coa_code")
    var fields: [EpicorEntity: ChangeField] = [:]
    for entity in EpicorEntity.allCases { fields[entity] = ChangeField(column: entity.defaultChangeField) }
    if let overrides = try config.object("change_fields") {
      try overrides.rejectUnknownMembers(Set(EpicorEntity.allCases.map(\.name)))
      for entity in EpicorEntity.allCases {
        guard let column = try overrides.string(entity.name) else { continue }
        guard !column.isEmpty, column.utf8.allSatisfy({ Self.isIdentifierByte($0) }) else {
          throw overrides.error(entity.name, "must be an Epicor column name such as \"ChangeDate\", found \"\(column)\"")
        }
        fields[entity] = ChangeField(column: column)
      }
    }
    changeFields = fields
    let literal = try config.string("filter_datetime") ?? "local"
    guard let dateTimeLiteral = DateTimeLiteral(rawValue: literal) else {
      throw config.error("filter_datetime", "must be \"local\" or \"utc\", found \"\(literal)\"")
    }
    self.dateTimeLiteral = dateTimeLiteral
    invoiceGroup = try config.string("ap_invoice_group") ?? "MLC"
    paymentGroup = try config.string("payment_group") ?? "MLCPAY"
    paymentBankAccount = try config.string("payment_bank_account")
    glSeparator = try config.string("gl_separator") ?? "-"
  }

  /// The change field of `entity`.
  func changeField(_ entity: EpicorEntity) -> ChangeField {
    changeFields[entity] ?? ChangeField(column: entity.defaultChangeField)
  }

  private static func isIdentifierByte(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_")
  }
}
