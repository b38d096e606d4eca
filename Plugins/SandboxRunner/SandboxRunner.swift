
import EpicorSandbox
import Foundation
import MLCSandboxKit
import ServiceNowSandbox

import SnowflakeSandbox

/// `mlc-sandbox`: starts the chosen vendor sandboxes on loopback ports, prints one JSON line
/// per system (`system`, `base_url`, `credentials`, `settings`), and serves until SIGTERM or
/// SIGINT. `mlc sandbox` runs it; tests and benchmarks may too.
@main
enum SandboxRunner {
  static let available: [any Sandbox.Type] = [EpicorSandbox.self, ServiceNowSandbox.self, SnowflakeSandbox.self]

  static let help = """
    USAGE: mlc-sandbox [--systems epicor,servicenow,snowflake] [--records N] [--seed S]
                       [--faults SPEC] [--set SYSTEM.KEY=VALUE ...] [--port-base P]

    Starts local simulators of the vendors' APIs with deterministic seed data, prints one
    JSON line per system and then {"ready":true}, and serves until SIGTERM or SIGINT.

    OPTIONS:
      --systems LIST   Comma-separated; default: all (\(available.map { $0.system }.joined(separator: ", "))).
      --records N      Seed data size (Epicor: purchase orders). Default 1000.
      --seed S         Seed for the deterministic data. Default 1.
      --faults SPEC    Fault injection, e.g. "429:0.05,500:0.02,latency:20ms,drop:0.01,retry-after:1".
      --set K=V        A system setting, e.g. epicor.token_lifetime=60, servicenow.client_credentials=true.
      --port-base P    Listen on P, P+1, ... instead of ports the OS picks.
    """

  static func main() {
    do {
      try run(Array(CommandLine.arguments.dropFirst()))
    } catch {
      FileHandle.standardError.write(Data("mlc-sandbox: error: \(error)\n".utf8))
      exit(error is UsageError ? 64 : 1)
    }
  }

  struct UsageError: Error, CustomStringConvertible {
    let description: String
  }

  static func run(_ arguments: [String]) throws {
    var systems = available.map { $0.system }
    var records = 1000, seed: UInt64 = 1, portBase: UInt16 = 0
    var faults = FaultPlan()
    var settings: [String: [String: String]] = [:]
    var index = 0
    func value() throws -> String {
      index += 1
      guard index < arguments.count else { throw UsageError(description: "\(arguments[index - 1]) needs a value") }
      return arguments[index]
    }
    while index < arguments.count {
      switch arguments[index] {
      case "-h", "--help":
        print(help)
        return
      case "--systems":
        systems = try value().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      case "--records":
        let text = try value()
        guard let n = Int(text), n >= 0 else { throw UsageError(description: "--records must be a non-negative integer, got \"\(text)\"") }
        records = n
      case "--seed":
        let text = try value()
        guard let n = UInt64(text) else { throw UsageError(description: "--seed must be a non-negative integer, got \"\(text)\"") }
        seed = n
      case "--faults":
        faults = try FaultPlan(parsing: try value())
      case "--port-base":
        let text = try value()
        guard let n = UInt16(text) else { throw UsageError(description: "--port-base must be a port number, got \"\(text)\"") }
        portBase = n
      case "--set":
        let text = try value()
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let key = parts.first?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
        guard parts.count == 2, key.count == 2 else { throw UsageError(description: "--set takes SYSTEM.KEY=VALUE, got \"\(text)\"") }
        settings[key[0].lowercased(), default: [:]][key[1]] = parts[1]
      default:
        throw UsageError(description: "unknown option \(arguments[index]); see --help")
      }
      index += 1
    }
    for system in systems where !available.contains(where: { $0.system == system }) {
      throw UsageError(description: "unknown system \"\(system)\"; known: \(available.map { $0.system }.joined(separator: ", "))")
    }

    // Signals are waited for synchronously; block them first so no default handler kills us.
    var mask = sigset_t()
    sigemptyset(&mask)
    sigaddset(&mask, SIGTERM)
    sigaddset(&mask, SIGINT)
    pthread_sigmask(SIG_BLOCK, &mask, nil)

    var running: [any Sandbox] = []
    for (offset, system) in systems.enumerated() {
      let type = available.first { $0.system == system }!
      let options = SandboxOptions(records: records, seed: seed, faults: faults,
                                   port: portBase == 0 ? 0 : portBase + UInt16(offset), settings: settings[system] ?? [:])
      let sandbox = try type.init(options: options)
      let endpoint = try sandbox.start()
      running.append(sandbox)
      let line: [String: Any] = ["system": endpoint.system, "base_url": endpoint.baseURL,
                                 "credentials": endpoint.credentials, "settings": endpoint.settings]
      let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
      FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
    // Tells a reader (`mlc sandbox`) that every system is listening.
    FileHandle.standardOutput.write(Data("{\"ready\":true}\n".utf8))
    var received: Int32 = 0
    sigwait(&mask, &received)
    for sandbox in running { sandbox.stop() }
  }
}
