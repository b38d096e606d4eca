/// How `mlc sandbox --write-config` turns a running sandbox into a deployment: the connection
/// each system's connector needs (plugin config and auth profile) and the flows between them.
/// Credentials go to the vault as `<system>-<role>` secrets; the config names them only.
enum SandboxConnections {
  /// The vault name for one of a sandbox's credentials ("private_key_pem" → "snowflake-private-key-pem").
  static func secretName(system: String, role: String) -> String {
    "\(system)-\(role.replacingOccurrences(of: "_", with: "-"))"
  }

  /// The connection for a started sandbox, or nil for a system this host has no template for.
  static func connection(system: String, baseURL: String, settings: [String: String]) -> [String: Any]? {
    func secret(_ role: String) -> String { secretName(system: system, role: role) }
    switch system {
    case "epicor":
      return [
        "plugin": "epicor", "base_url": baseURL,
        "config": ["company": settings["company"] ?? "EPIC06", "cost_center_segment": 2],
        "auth": ["profile": "basic", "username_secret": secret("username"), "password_secret": secret("password"),
                 "api_key": ["header": "x-api-key", "secret": secret("api_key")]],
      ]
    case "servicenow":
      return [
        "plugin": "servicenow", "base_url": baseURL, "config": ["cost_center_source": "mapping"],
        "auth": ["profile": "oauth2_client_credentials", "token_url": "oauth_token.do",
                 "client_id_secret": secret("client_id"), "client_secret_secret": secret("client_secret"),
                 "fallback": ["profile": "basic", "username_secret": secret("username"), "password_secret": secret("password")]],
      ]
    case "snowflake":
      var config: [String: Any] = [:]
      for key in ["account", "user", "role", "warehouse", "database", "schema"] { config[key] = settings[key] }
      return [
        "plugin": "snowflake", "base_url": baseURL, "config": config,
        "auth": ["profile": "snowflake_keypair_jwt", "account": settings["account"] ?? "", "user": settings["user"] ?? "",
                 "private_key_secret": secret("private_key_pem")],
      ]
    default:
      return nil
    }
  }

  /// The flows the started systems make possible, with the product's defaults.
  static func flows(systems: Set<String>) -> [[String: Any]] {
    var flows: [[String: Any]] = []
    if systems.contains("epicor") && systems.contains("servicenow") {
      flows.append([
        "name": "epicor-to-servicenow", "source": "epicor", "sink": "servicenow",
        "entities": ["gl_account", "cost_center", "vendor", "purchase_order", "ap_invoice", "ap_payment"],
        "mapping_seeds": [["table": "gl_cost_center", "entity": "gl_account", "from": "code", "to": "cost_center_code"]],
        "schedule_seconds": 3600,
      ])
    }
    if systems.contains("epicor") && systems.contains("snowflake") {
      flows.append([
        "name": "epicor-to-snowflake", "source": "epicor", "sink": "snowflake",
        "entities": ["gl_account", "cost_center", "vendor", "part", "purchase_order", "ap_invoice", "ap_payment"],
        "schedule_seconds": 28_800,
      ])
    }
    return flows
  }
}
