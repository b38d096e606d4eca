import Foundation

/// Runs a program to completion and captures its output, with a deadline so a hung child
/// fails the test instead of hanging the suite.
public enum ProcessRunner {
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
  }

  public struct Timeout: Error, CustomStringConvertible {
    public let description: String
  }

  public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                         directory: String? = nil, stdin: String? = nil, timeout: TimeInterval = 120) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let outFile = try temporaryFile(), errFile = try temporaryFile()
    defer { try? FileManager.default.removeItem(atPath: outFile); try? FileManager.default.removeItem(atPath: errFile) }
    process.standardOutput = FileHandle(forWritingAtPath: outFile)
    process.standardError = FileHandle(forWritingAtPath: errFile)
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        throw Timeout(description: "\(executable) \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
      }
      usleep(10_000)
    }
    let out = (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
    return Result(status: process.terminationStatus, stdout: out, stderr: err)
  }

  private static func temporaryFile() throws -> String {
    var template = Array("\(NSTemporaryDirectory())/mlc-out-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
    close(fd)
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
