import Foundation

/// Why the vault refused a request before touching any secret: a malformed name, or a
/// master key that could not be found, read or trusted.
///
/// Complements `SecretError` (missing secret, wrong key, corrupt row), which describes the
/// stored secrets themselves.
enum VaultError: Error, CustomStringConvertible, Equatable {
  /// The name does not match `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`.
  case invalidName(String)
  /// An empty value: almost always an empty stdin or variable by mistake, and an empty
  /// credential could never authenticate anyway.
  case emptyValue(String)
  /// The master key (env var or key file) is missing, malformed, unsafe or inconsistent;
  /// the text says which file or variable and what to do.
  case masterKey(String)
  /// A key rotation could not start or finish; the text says what state is left.
  case rotation(String)

  var description: String {
    switch self {
    case .invalidName(let name):
      let shown = name.count > 160 ? String(name.prefix(160)) + "…" : name
      return "invalid secret name \"\(shown)\": use 1 to 128 characters from A-Z a-z 0-9 . _ -, "
        + "starting with a letter or digit (e.g. \"epicor.api-key\")"
    case .emptyValue(let name):
      return "refusing to store an empty value as secret \"\(name)\"; pass the value on stdin or from a file"
    case .masterKey(let detail), .rotation(let detail):
      return detail
    }
  }
}
