/// Command-line arguments parsed against what a command accepts: options that take a value
/// (`--flow F` or `--flow=F`), flags (`--json`), and positionals. Anything else is a usage
/// error, so a typo never silently does something else.
struct ParsedArguments {
  private(set) var options: [String: String] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positionals: [String] = []

  init(_ arguments: [String], options valueOptions: Set<String>, flags flagOptions: Set<String>) throws {
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
        positionals.append(argument)
        continue
      }
      if argument == "--" { onlyPositionals = true; continue }
      if argument == "-h" { flags.insert("--help"); continue }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if flagOptions.contains(name) || name == "--help" {
        guard inlineValue == nil else { throw UsageError("\(name) takes no value") }
        flags.insert(name)
      } else if valueOptions.contains(name) {
        if let inlineValue {
          options[name] = inlineValue
        } else {
          guard index < arguments.count else { throw UsageError("\(name) needs a value") }
          options[name] = arguments[index]
          index += 1
        }
      } else {
        throw UsageError("unknown option \(name)")
      }
    }
  }

  func has(_ flag: String) -> Bool { flags.contains(flag) }
  func value(_ option: String) -> String? { options[option] }
}

/// A mistake in how a command was called: exit 64 with the message and a pointer to --help.
struct UsageError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
