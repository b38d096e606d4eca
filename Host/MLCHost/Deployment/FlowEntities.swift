/// Which entities a flow moves: the configured list, or everything both sides support.
enum FlowEntities {
  static func resolve(flow: DeploymentConfig.Flow, config: DeploymentConfig, source: LoadedPlugin, sink: LoadedPlugin) throws -> [String] {
    guard let index = config.flows.firstIndex(where: { $0.name == flow.name }) else { return [] }
    if flow.entities.isEmpty {
      let both = source.manifest.reads.filter { sink.manifest.writes.contains($0) }
      guard !both.isEmpty else {
        throw ConfigError(file: config.file, path: "flows[\(index)]",
                          message: "plugin \(source.name) reads nothing that plugin \(sink.name) writes")
      }
      return CanonicalEntity.ordered(both)
    }
    for entity in flow.entities {
      if !source.manifest.reads.contains(entity) {
        throw ConfigError(file: config.file, path: "flows[\(index)].entities",
                          message: "\"\(entity)\" is not read by plugin \(source.name) (connection \"\(flow.source)\")")
      }
      if !sink.manifest.writes.contains(entity) {
        throw ConfigError(file: config.file, path: "flows[\(index)].entities",
                          message: "\"\(entity)\" is not written by plugin \(sink.name) (connection \"\(flow.sink)\")")
      }
    }
    return flow.entities
  }
}
