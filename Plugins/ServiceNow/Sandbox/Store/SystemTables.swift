/// The platform tables the sandbox needs besides Source-to-Pay: users, and the import set
/// bookkeeping the Import Set API writes and a connector reads back through the Table API.
///
/// `sys_import_set` columns (`number`, `table_name`, `state`, `mode`) are the platform's; the
/// multi import set and row-error tables carry only what the sandbox fills.
enum SystemTables {
  static let user = TableSchema("sys_user", "User", columns: [
    Column("user_name", "User ID"),
    Column("first_name", "First name"),
    Column("last_name", "Last name"),
    Column("name", "Name"),
    Column("email", "Email"),
    Column("active", "Active", .boolean),
  ], display: "name")

  static let importSet = TableSchema("sys_import_set", "Import Set", columns: [
    Column("number", "Set"),
    Column("table_name", "Import set table"),
    Column("state", "State", .choice(ImportSetState.choices)),
    Column("mode", "Mode", .choice([("synchronous", "Synchronous"), ("asynchronous", "Asynchronous")])),
    Column("multi_import_set", "Multi import set", .reference("sys_multi_import_set")),
    Column("run_after", "Run after", .reference("sys_import_set")),
    Column("short_description", "Short description"),
    Column("load_completed", "Load completed", .dateTime),
    Column("transform_completed", "Transform completed", .dateTime),
  ], display: "number", numberPrefix: "ISET")

  static let multiImportSet = TableSchema("sys_multi_import_set", "Multi Import Set", columns: [
    Column("state", "State", .choice(ImportSetState.choices)),
    Column("short_description", "Short description"),
  ], display: "sys_id")

  static let rowError = TableSchema("sys_import_set_row_error", "Import Set Row Error", columns: [
    Column("import_set", "Import set", .reference("sys_import_set")),
    Column("staging_table", "Staging table"),
    Column("row", "Row"),
    Column("error_message", "Error message"),
  ], display: "error_message")

  /// Every table in this file.
  static let all: [TableSchema] = [user, importSet, multiImportSet, rowError]
}
