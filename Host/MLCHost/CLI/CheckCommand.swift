import Foundation

/// `mlc check CONNECTION`: proves a connection works with the plugin's cheap authenticated call.
enum CheckCommand: Command {
  static let name = "check"
  static let summary = "Check that a connection's system is reachable with its credentials."
  static let help = """
    USAGE: mlc check CONNECTION [--config FILE] [--json] [--verbose]

    Opens the connection's plugin with its config and runs the plugin's check: a cheap
    authenticated call that proves the URL, tenant and credentials.

    OPTIONS:
      --config FILE  The deployment config (default: $MLC_CONFIG, else ./mlc.json).
      --json         Print {"connection":..,"ok":..,"report":{...}} or {"ok":false,"error":..}.
      --verbose      Debug logging on stderr (secrets redacted).
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--config"], flags: ["--json", "--verbose"])
    guard parsed.positionals.count == 1 else { throw UsageError("expected one CONNECTION name") }
    let name = parsed.positionals[0]
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: parsed.has("--verbose"))
    do {
      let instance = try deployment.open(connection: name, flow: nil)
      defer { instance.close() }
      let report = try instance.check()
      let reportObject = (try? JSONSerialization.jsonObject(with: Data(report.utf8))) ?? ["detail": report]
      // Which credentials worked is the host's knowledge (a plugin never sees them), e.g. a
      // ServiceNow connection that fell back from OAuth client credentials to Basic.
      let auth = (instance.context.http as? HTTPService)?.activeAuthProfile
      if parsed.has("--json") {
        var object: [String: Any] = ["connection": name, "ok": true, "report": reportObject]
        if let auth { object["auth"] = auth }
        environment.output.json(object)
      } else {
        let detail = (reportObject as? [String: Any])?["detail"] as? String ?? report
        environment.output.print("\(name): ok: \(detail)" + (auth.map { " (auth: \($0))" } ?? ""))
      }
      return 0
    } catch let error as UsageError {
      throw error
    } catch {
      // A refused plugin, a config the plugin's schema rejects, a failing check: a script
      // reading --json gets the same answer shape for each.
      let message = deployment.logger.redact("\(error)")
      if parsed.has("--json") {
        environment.output.json(["connection": name, "ok": false, "error": message])
      } else {
        environment.output.error("error: \(message)")
      }
      return 1
    }
  }
}
