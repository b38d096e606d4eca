// swift-tools-version:6.0
// ml-connector: the `mlc` host, its C-ABI plugin SDK, and the connectors built on it.
// No package dependencies: Foundation, Glibc, and the system's SQLite and libcrypto.
import PackageDescription

let package = Package(
  name: "ml-connector",
  products: [
    .executable(name: "mlc", targets: ["mlc"]),
    .library(name: "MLCPluginKit", targets: ["MLCPluginKit"]),
    .library(name: "MLCSandboxKit", targets: ["MLCSandboxKit"]),
    // Each connector is its own shared library: libmlc-<system>.so.
    .library(name: "mlc-generator", type: .dynamic, targets: ["Generator"]),
  ],
  targets: [
    // The C ABI: header only. Third parties compile against SDK/include directly.
    .systemLibrary(name: "CMLCPlugin", path: "SDK/include"),
    .systemLibrary(name: "CSQLite", path: "Host/CSQLite", pkgConfig: "sqlite3",
                   providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CCrypto", path: "Host/CCrypto", pkgConfig: "libcrypto",
                   providers: [.apt(["libssl-dev"])]),

    // SDK side: what plugin authors and sandboxes build on. Never depends on the host.
    .target(name: "MLCPluginKit", dependencies: ["CMLCPlugin"], path: "SDK/PluginKit"),
    .target(name: "MLCSandboxKit", path: "SDK/SandboxKit"),

    // Host side.
    .target(name: "MLCHost", dependencies: ["CMLCPlugin", "CSQLite", "CCrypto"], path: "Host/MLCHost"),
    .executableTarget(name: "mlc", dependencies: ["MLCHost"], path: "Host/mlc"),

    // Connectors.
    .target(name: "Generator", dependencies: ["MLCPluginKit"], path: "Plugins/Generator/Connector"),

    // Tests.
    .target(name: "TestKit", dependencies: ["MLCSandboxKit"], path: "Tests/TestKit"),
    .testTarget(name: "MLCHostTests", dependencies: ["MLCHost", "TestKit"], path: "Tests/MLCHostTests"),
    .testTarget(name: "PluginKitTests", dependencies: ["MLCPluginKit", "CMLCPlugin", "Generator"], path: "Tests/PluginKitTests"),
    .testTarget(name: "SandboxKitTests", dependencies: ["MLCSandboxKit"], path: "Tests/SandboxKitTests"),
    .testTarget(name: "EndToEndTests", dependencies: ["TestKit"], path: "Tests/EndToEndTests"),
  ],
  swiftLanguageModes: [.v6]
)
