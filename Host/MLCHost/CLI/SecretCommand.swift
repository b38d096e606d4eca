import Foundation
import Glibc

/// `mlc secret`: credentials in the encrypted vault, by name. Values are read from stdin,
/// never from arguments (which other users can see in the process list).
enum SecretCommand: Command {
  static let name = "secret"
  static let summary = "Store, list, remove secrets (AES-256-GCM at rest); rotate the master key."
  static let help = """
    USAGE: mlc secret set NAME      (the value is read from stdin; typed without echo on a terminal)
           mlc secret list [--json] (names and dates, never values)
           mlc secret rm NAME
           mlc secret rotate-key    (re-encrypts every secret under a new master key)

    Secrets live in <state_dir>/state.db, encrypted with AES-256-GCM under the master key
    from $MLC_MASTER_KEY (base64 of 32 bytes) or <state_dir>/master.key (created 0600 on
    first use). Connections name secrets in their "auth" settings; values never reach
    plugins, logs, errors or the audit.

    OPTIONS:
      --config FILE  The deployment config (default: $MLC_CONFIG, else ./mlc.json).
      --json         Machine-readable output.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--config"], flags: ["--json"])
    guard let action = parsed.positionals.first else { throw UsageError("expected set, list, rm or rotate-key") }
    let rest = Array(parsed.positionals.dropFirst())
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: false)
    let output = environment.output
    switch action {
    case "set":
      guard rest.count == 1 else { throw UsageError("expected: mlc secret set NAME (the value comes from stdin)") }
      try SecretName.validate(rest[0])
      let value = try readValue(prompt: "value for \(rest[0]): ")
      guard !value.isEmpty else { throw UsageError("no value on stdin for secret \"\(rest[0])\"") }
      try deployment.vault().set(name: rest[0], value: value)
      if parsed.has("--json") { output.json(["name": rest[0], "stored": true]) } else { output.print("stored secret \"\(rest[0])\"") }
    case "list":
      guard rest.isEmpty else { throw UsageError("mlc secret list takes no names") }
      let secrets = try deployment.vault().list()
      if parsed.has("--json") {
        output.json(["secrets": secrets.map { ["name": $0.name, "created_at": Timestamp.format($0.createdAt), "updated_at": Timestamp.format($0.updatedAt)] }])
      } else if secrets.isEmpty {
        output.print("no secrets")
      } else {
        for secret in secrets { output.print("\(secret.name)  updated \(Timestamp.format(secret.updatedAt))") }
      }
    case "rm":
      guard rest.count == 1 else { throw UsageError("expected: mlc secret rm NAME") }
      try deployment.vault().remove(name: rest[0])
      if parsed.has("--json") { output.json(["name": rest[0], "removed": true]) } else { output.print("removed secret \"\(rest[0])\"") }
    case "rotate-key":
      guard rest.isEmpty else { throw UsageError("mlc secret rotate-key takes no arguments") }
      let vault = try deployment.vault()
      if environment.variables[MasterKey.environmentVariable] != nil {
        let key = try MasterKey.generate()
        let count = try vault.rotateKey(to: key)
        output.error("re-encrypted \(count) secrets; the master key comes from $\(MasterKey.environmentVariable), so set it to the new key printed on stdout before the next run")
        output.print(key.base64)
      } else {
        let key = try MasterKeyFile(stateDir: deployment.config.stateDirectory).rotate(vault: vault)
        if parsed.has("--json") { output.json(["key_id": key.id, "rotated": true]) } else { output.print("master key rotated; new key id \(key.id)") }
      }
    default:
      throw UsageError("unknown action \"\(action)\"; expected set, list, rm or rotate-key")
    }
    return 0
  }

  /// Reads a secret from stdin: without echo and up to the newline on a terminal, else all of
  /// stdin with one trailing newline removed (so `printf 'x' |` and `echo x |` agree).
  private static func readValue(prompt: String) throws -> [UInt8] {
    if isatty(0) == 1 {
      FileHandle.standardError.write(Data(prompt.utf8))
      var original = termios()
      tcgetattr(0, &original)
      var silent = original
      silent.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(0, TCSANOW, &silent)
      defer { tcsetattr(0, TCSANOW, &original); FileHandle.standardError.write(Data("\n".utf8)) }
      return Array((readLine(strippingNewline: true) ?? "").utf8)
    }
    var bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
    if bytes.last == 0x0A { bytes.removeLast() }
    if bytes.last == 0x0D { bytes.removeLast() }
    return bytes
  }
}
