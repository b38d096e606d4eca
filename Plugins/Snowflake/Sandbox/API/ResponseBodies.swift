/// The SQL API's response bodies, built field for field from the documented examples
/// (docs.snowflake.com/en/developer-guide/sql-api/reference; SYSTEMS.md §3.4).
enum ResponseBodies {
  /// 202 QueryStatus, verbatim code and message from the reference.
  static func inProgress(_ record: StatementRecord) -> JSONValue {
    .object([
      ("code", .string("333334")),
      ("message", .string("Asynchronous execution in progress. Use provided query id to perform query monitoring and management.")),
      ("statementHandle", .string(record.handle)),
      ("statementStatusUrl", .string(record.statusURL)),
    ])
  }

  /// 422 QueryFailureStatus.
  static func failure(_ error: SnowflakeSQLError, handle: String) -> JSONValue {
    .object([
      ("code", .string(error.code)),
      ("message", .string(error.message)),
      ("sqlState", .string(error.sqlState)),
      ("statementHandle", .string(handle)),
    ])
  }

  /// 200 CancelStatus.
  static func canceled(_ record: StatementRecord) -> JSONValue {
    .object([
      ("code", .string("000604")),
      ("sqlState", .string("57014")),
      ("message", .string("SQL execution canceled")),
      ("statementHandle", .string(record.handle)),
      ("statementStatusUrl", .string(record.statusURL)),
    ])
  }

  /// A body with just `code` and `message` (400, 401, 429).
  static func error(_ code: String, _ message: String) -> JSONValue {
    .object([("code", .string(code)), ("message", .string(message))])
  }

  /// One `rowType` entry. Keys and their order follow the reference's captured response;
  /// `length`/`byteLength` for text are characters and 4 bytes per character, as there.
  static func rowType(_ column: ResultColumn) -> JSONValue {
    var scale: Int?, precision: Int?, length: Int?, byteLength: Int?
    switch column.type {
    case .text(let declared):
      length = declared ?? SnowflakeType.maxTextLength
      byteLength = min(length! * 4, SnowflakeType.maxTextLength)
    case .fixed(let p, let s):
      precision = p
      scale = s
    case .timestampNTZ, .timestampLTZ, .timestampTZ:
      precision = 0
      scale = 9
    case .variant:
      length = SnowflakeType.maxTextLength
      byteLength = SnowflakeType.maxTextLength
    case .real, .boolean, .date:
      break
    }
    return .object([
      ("name", .string(column.name)),
      ("database", .string(column.table?.database ?? "")),
      ("schema", .string(column.table?.schema ?? "")),
      ("table", .string(column.table?.name ?? "")),
      ("scale", .optional(scale)),
      ("precision", .optional(precision)),
      ("length", .optional(length)),
      ("type", .string(column.type.rowTypeName)),
      ("nullable", .bool(column.nullable)),
      ("byteLength", .optional(byteLength)),
      ("collation", .null),
    ])
  }

  /// The `data` array of some rows; NULL is JSON null, or the string "null" when the POST
  /// said `nullable=false` (reference: "the result set value null will be replaced with a
  /// string 'null'").
  static func data(_ rows: ArraySlice<[String?]>, nullable: Bool) -> JSONValue {
    .array(rows.map { row in
      .array(row.map { value in value.map { .string($0) } ?? (nullable ? .null : .string("null")) })
    })
  }

  /// 200 ResultSet for partition 0: metadata about every partition, the first partition's
  /// rows, and DML `stats` when the statement changed rows.
  static func resultSet(_ record: StatementRecord, _ outcome: StatementOutcome, partitions: [Range<Int>]) -> JSONValue {
    let partitionInfo = partitions.map { range -> JSONValue in
      .object([
        ("rowCount", .integer(Int64(range.count))),
        ("uncompressedSize", .integer(Int64(data(outcome.rows[range], nullable: record.nullable).text.utf8.count))),
      ])
    }
    var members: [(String, JSONValue)] = [
      ("resultSetMetaData", .object([
        ("numRows", .integer(Int64(outcome.rows.count))),
        ("format", .string("jsonv2")),
        ("partitionInfo", .array(partitionInfo)),
        ("rowType", .array(outcome.columns.map(rowType))),
        ("nullable", .bool(record.nullable)),
      ])),
      ("data", data(outcome.rows[partitions.first ?? 0..<0], nullable: record.nullable)),
      ("code", .string("090001")),
      ("statementStatusUrl", .string(record.statusURL)),
    ]
    if let requestId = record.requestId { members.append(("requestId", .string(requestId))) }
    members += [
      ("sqlState", .string("00000")),
      ("statementHandle", .string(record.handle)),
      ("message", .string("Statement executed successfully.")),
      ("createdOn", .integer(record.createdOn)),
    ]
    if let stats = outcome.stats {
      members.append(("stats", .object([
        ("numRowsInserted", .integer(Int64(stats.numRowsInserted))),
        ("numRowsUpdated", .integer(Int64(stats.numRowsUpdated))),
        ("numRowsDeleted", .integer(Int64(stats.numRowsDeleted))),
        ("numDuplicateRowsUpdated", .integer(Int64(stats.numDuplicateRowsUpdated))),
      ])))
    }
    return .object(members)
  }
}
