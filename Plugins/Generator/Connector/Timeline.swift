/// When each generated record changes and what its `updated_at` is.
///
/// Epoch 0 is the initial data: record `i` of an entity is stamped
/// `base_time + i / ties` seconds, so `ties` consecutive records share each second. In
/// every epoch `e ≥ 1` a `change_rate` fraction of each entity's records change, chosen by
/// hashing (seed, entity, index, e). Epoch `e` owns the window starting at
/// `base_time + e × epochSpan`, after every earlier timestamp; the k-th record (by index)
/// that changes in epoch `e` is stamped `windowStart(e) + k / ties`. A read at epoch `E`
/// shows each record as of its latest change ≤ E.
///
/// Everything is a pure function of the config, so a read can start anywhere: `since`
/// positions it by arithmetic (epoch 0) or by counting change hashes (later epochs),
/// never by generating the records it skips.
struct Timeline: Sendable {
  let config: GeneratorConfig
  /// Seconds between the starts of consecutive epoch windows: whole days, long enough to
  /// hold every record of the largest entity at `ties` per second.
  let epochSpan: Int64
  /// A record changes in an epoch when its change hash is below this.
  private let threshold: UInt64
  private let changesAll: Bool

  init(config: GeneratorConfig) {
    self.config = config
    let largest = Int64(config.counts.max() ?? 0)
    let seconds = (largest + Int64(config.ties) - 1) / Int64(config.ties)
    epochSpan = max(1, (seconds + 86_399) / 86_400) * 86_400
    changesAll = config.changeRate >= 1
    threshold = config.changeRate <= 0 ? 0 : UInt64(min(config.changeRate * 18_446_744_073_709_551_616.0,
                                                        18_446_744_073_709_549_568.0))
  }

  /// Unix seconds at which epoch `epoch`'s window starts.
  func windowStart(_ epoch: Int) -> Int64 {
    config.baseTime + Int64(epoch) * epochSpan
  }

  /// `updated_at` of the record at `rank` in epoch `epoch`'s order (its index in epoch 0).
  func timestamp(epoch: Int, rank: Int) -> Int64 {
    windowStart(epoch) + Int64(rank / config.ties)
  }

  /// Whether record `index` of `entity` changes in `epoch` (≥ 1).
  @inline(__always)
  func changes(_ entity: GeneratedEntity, _ index: Int, in epoch: Int) -> Bool {
    if changesAll { return true }
    return Mixer.hash(config.seed, entity.salt ^ 0xC4A5_0000, UInt64(index), UInt64(epoch)) < threshold
  }

  /// The epoch of record `index`'s latest change up to the configured epoch (0 = never).
  func version(_ entity: GeneratedEntity, _ index: Int) -> Int {
    var epoch = config.epoch
    while epoch > 0 {
      if changes(entity, index, in: epoch) { return epoch }
      epoch -= 1
    }
    return 0
  }

  /// Whether record `index` changes again after `epoch`, up to the configured epoch: its
  /// version of `epoch` is then superseded and not emitted.
  func changesAfter(_ entity: GeneratedEntity, _ index: Int, epoch: Int) -> Bool {
    var later = epoch + 1
    while later <= config.epoch {
      if changes(entity, index, in: later) { return true }
      later += 1
    }
    return false
  }

  /// How many times record `index` changed in epochs 1...version: the count of edits its
  /// data went through, so successive versions keep moving (status advances, etc.).
  func editCount(_ entity: GeneratedEntity, _ index: Int, through version: Int) -> Int {
    guard version > 0 else { return 0 }
    var count = 0
    for epoch in 1...version where changes(entity, index, in: epoch) { count += 1 }
    return count
  }

  /// Where a read of epoch `epoch`'s records starts for a `since` cursor (Unix seconds,
  /// already rounded up to a whole second): the first index to examine and how many of
  /// the epoch's changed records precede it.
  func start(_ entity: GeneratedEntity, epoch: Int, since: Int64?) -> (index: Int, rank: Int) {
    let count = config.count(entity)
    let ties = Int64(config.ties)
    guard let since, since > windowStart(epoch) else { return (0, 0) }
    let skippedSeconds = since - windowStart(epoch)
    // Records at ranks below `skippedSeconds * ties` are stamped before `since`.
    let skippedRanks = skippedSeconds > Int64(count) / ties + 1 ? count : Int(skippedSeconds * ties)
    // No record can have a rank of `count` or more: past the window's end, skip it whole.
    if skippedRanks >= count { return (count, 0) }
    if epoch == 0 { return (skippedRanks, 0) }
    var index = 0
    var rank = 0
    while index < count && rank < skippedRanks {
      if changes(entity, index, in: epoch) { rank += 1 }
      index += 1
    }
    return (index, rank)
  }
}
