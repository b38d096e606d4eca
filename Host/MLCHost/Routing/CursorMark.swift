/// A flow's high-water mark for one entity: the last delivered cursor value and the keys
/// already delivered at exactly that value.
///
/// Reads restart at `>= value`, so records tied at the mark are read again and dropped here,
/// and a record that arrives later with the same value is still delivered. No record is
/// skipped however many share a timestamp, and none is delivered twice.
struct CursorMark: Equatable {
  var value: String
  var ties: Set<String>

  /// Whether a record at `cursor` with `key` is new relative to this mark.
  func admits(cursor: String, key: String) -> Bool {
    let order = CursorOrder.compare(cursor, value)
    return order > 0 || (order == 0 && !ties.contains(key))
  }

  /// Moves the mark to include a delivered record. Returns true when the value moved.
  @discardableResult
  mutating func advance(cursor: String, key: String) -> Bool {
    let order = CursorOrder.compare(cursor, value)
    if order > 0 {
      value = cursor
      ties = [key]
      return true
    }
    if order == 0 { ties.insert(key) }
    return false
  }
}
