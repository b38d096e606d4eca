import Foundation
import Glibc

/// An exclusive lock on one flow, so two `mlc sync` processes never run it at once. Held
/// with `flock`, so the kernel releases it when a process dies, even by SIGKILL.
final class FlowLock {
  private let descriptor: Int32

  init(stateDirectory: String, flow: String) throws {
    let directory = URL(fileURLWithPath: stateDirectory).appendingPathComponent("locks").path
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = URL(fileURLWithPath: directory).appendingPathComponent("\(flow).lock").path
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw StateError("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      var buffer = [UInt8](repeating: 0, count: 32)
      let count = pread(descriptor, &buffer, buffer.count, 0)
      let holder = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
      close(descriptor)
      throw StateError("flow \"\(flow)\" is already running (process \(holder) holds \(path)); wait for it to finish")
    }
    let pid = Array("\(getpid())\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = pwrite(descriptor, pid, pid.count, 0)
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
