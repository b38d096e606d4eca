import CMLCPlugin

/// The fixed set of `open` thunks, one per export slot (see `ExportRegistry` for why a
/// generic connector type needs a slot of its own). Each thunk only forwards its slot
/// number; sixteen is far more than one process needs (a connector library exports one
/// type).
enum OpenThunks {
  static let table: [PluginThunks.OpenFunction] = [
    { PluginThunks.open(slot: 0, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 1, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 2, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 3, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 4, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 5, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 6, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 7, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 8, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 9, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 10, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 11, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 12, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 13, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 14, host: $0, config: $1, out: $2) },
    { PluginThunks.open(slot: 15, host: $0, config: $1, out: $2) },
  ]
}
