/// A problem in the deployment config, naming the file and the JSON path of the bad value.
struct ConfigError: Error, CustomStringConvertible, Equatable {
  let file: String
  let path: String
  let message: String

  var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}
