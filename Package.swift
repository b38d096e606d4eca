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
    .library(name: "mlc-generator", type: .dynamic, targets: ["GeneratorPlugin"]),
    .library(name: "mlc-epicor", type: .dynamic, targets: ["EpicorPlugin"]),
    .library(name: "mlc-servicenow", type: .dynamic, targets: ["ServiceNowPlugin"]),
    .library(name: "mlc-snowflake", type: .dynamic, targets: ["SnowflakePlugin"]),
    // The vendor simulators, in their own executable so the host carries no simulator code.
    .executable(name: "mlc-sandbox", targets: ["SandboxRunner"]),
  ],
  targets: [
    // The C ABI: header only. Third parties compile against SDK/include directly.
    .systemLibrary(name: "CMLCPlugin", path: "SDK/include"),
    .systemLibrary(name: "CSQLite", path: "SDK/System/CSQLite", pkgConfig: "sqlite3",
                   providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CCrypto", path: "SDK/System/CCrypto", pkgConfig: "libcrypto",
                   providers: [.apt(["libssl-dev"])]),

    // SDK side: what plugin authors and sandboxes build on. Never depends on the host.
    .target(name: "MLCPluginKit", dependencies: ["CMLCPlugin"], path: "SDK/PluginKit"),
    .target(name: "MLCSandboxKit", path: "SDK/SandboxKit"),

    // Host side.
    .target(name: "MLCHost", dependencies: ["CMLCPlugin", "CSQLite", "CCrypto"], path: "Host/MLCHost"),
    .executableTarget(name: "mlc", dependencies: ["MLCHost"], path: "Host/mlc"),

    // Connectors: the code in one target that tests can link, and a one-file target with the
    // exported mlc_plugin_entry that the .so is built from (test binaries link several
    // connectors and must not see that symbol twice).
    .target(name: "Generator", dependencies: ["MLCPluginKit"], path: "Plugins/Generator/Connector"),
    .target(name: "GeneratorPlugin", dependencies: ["Generator"], path: "Plugins/Generator/Entry"),
    .target(name: "Epicor", dependencies: ["MLCPluginKit"], path: "Plugins/Epicor/Connector"),
    .target(name: "EpicorPlugin", dependencies: ["Epicor"], path: "Plugins/Epicor/Entry"),
    .target(name: "ServiceNow", dependencies: ["MLCPluginKit"], path: "Plugins/ServiceNow/Connector"),
    .target(name: "ServiceNowPlugin", dependencies: ["ServiceNow"], path: "Plugins/ServiceNow/Entry"),
    .target(name: "Snowflake", dependencies: ["MLCPluginKit"], path: "Plugins/Snowflake/Connector"),
    .target(name: "SnowflakePlugin", dependencies: ["Snowflake"], path: "Plugins/Snowflake/Entry"),

    // Sandboxes: one library per system, one runner executable for all.
    .target(name: "EpicorSandbox", dependencies: ["MLCSandboxKit"], path: "Plugins/Epicor/Sandbox"),
    .target(name: "ServiceNowSandbox", dependencies: ["MLCSandboxKit"], path: "Plugins/ServiceNow/Sandbox"),
    .target(name: "SnowflakeSandbox", dependencies: ["MLCSandboxKit", "CSQLite", "CCrypto"], path: "Plugins/Snowflake/Sandbox"),
    .executableTarget(name: "SandboxRunner", dependencies: ["EpicorSandbox", "ServiceNowSandbox", "SnowflakeSandbox", "MLCSandboxKit"],
                      path: "Plugins/SandboxRunner"),

    // Tests.
    .target(name: "TestKit", dependencies: ["MLCSandboxKit"], path: "Tests/TestKit"),
    .testTarget(name: "MLCHostTests", dependencies: ["MLCHost", "TestKit"], path: "Tests/MLCHostTests"),
    .testTarget(name: "PluginKitTests", dependencies: ["MLCPluginKit", "CMLCPlugin", "Generator"], path: "Tests/PluginKitTests"),
    .testTarget(name: "SandboxKitTests", dependencies: ["MLCSandboxKit"], path: "Tests/SandboxKitTests"),
    .testTarget(name: "EndToEndTests", dependencies: ["TestKit", "EpicorSandbox", "ServiceNowSandbox", "SnowflakeSandbox"],
                path: "Tests/EndToEndTests"),
    .testTarget(name: "EpicorTests", dependencies: ["Epicor", "EpicorSandbox", "TestKit"], path: "Tests/EpicorTests"),
    .testTarget(name: "ServiceNowTests", dependencies: ["ServiceNow", "ServiceNowSandbox", "TestKit"], path: "Tests/ServiceNowTests"),
    .testTarget(name: "SnowflakeTests", dependencies: ["Snowflake", "SnowflakeSandbox", "TestKit"], path: "Tests/SnowflakeTests"),
  ],
  swiftLanguageModes: [.v6]
)
