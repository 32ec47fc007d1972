// swift-tools-version:6.1
import PackageDescription

/// Tollbook: call accounting and UC analytics. The host loads one connector plugin per PBX family
/// through the C ABI in `Sources/PluginAPI`; plugins under `Plugins/` depend on that header only.
let package = Package(
    name: "Tollbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tollbook", targets: ["tollbook"]),
        .library(name: "TollbookCisco", type: .dynamic, targets: ["Cisco"]),
        .library(name: "TollbookUnify", type: .dynamic, targets: ["Unify"]),
        .library(name: "TollbookInnovaphone", type: .dynamic, targets: ["Innovaphone"]),
        .library(name: "TollbookSwyx", type: .dynamic, targets: ["Swyx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The ABI: one C header (plus compile-time layout checks). Nothing else.
        .target(name: "PluginAPI", path: "Sources/PluginAPI"),
        // SQLite's C library, as a system library.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // OpenLDAP's libldap (and liblber), as a system library with a small shim header.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP", providers: [.apt(["libldap-dev"])]),
        // Domain types without I/O.
        .target(name: "TollbookCore", path: "Sources/TollbookCore"),
        // The configuration file (YAML): sites, numbering plans, providers.
        .target(
            name: "Configuration",
            dependencies: ["TollbookCore", .product(name: "Yams", package: "Yams")],
            path: "Sources/Configuration"
        ),
        // Numbering plans: E.164 normalisation and number categories.
        .target(name: "Numbering", dependencies: ["TollbookCore"], path: "Sources/Numbering"),
        // Tariff files and the rating engine.
        .target(name: "Rating", dependencies: ["TollbookCore"], path: "Sources/Rating"),
        // Numbering plan + tariffs of a site applied to call legs.
        .target(
            name: "Pricing",
            dependencies: ["Configuration", "Numbering", "Rating", "TollbookCore"],
            path: "Sources/Pricing"
        ),
        // Indirect costs (tariff packages), proration and roll-up of costs along the org chart.
        .target(name: "Costing", dependencies: ["Configuration", "TollbookCore"], path: "Sources/Costing"),
        // Reading people from LDAP / Active Directory (for `tollbook org sync`).
        .target(name: "Directory", dependencies: ["CLDAP", "Configuration"], path: "Sources/Directory"),
        // The call store (SQLite file).
        .target(name: "Store", dependencies: ["CSQLite", "TollbookCore"], path: "Sources/Store"),
        // The org chart: nodes, participants, classifiers over time, allocation, CSV import, directory sync.
        .target(name: "Org", dependencies: ["Store", "TollbookCore", "Numbering"], path: "Sources/Org"),
        // Plugin discovery, loading, ABI checks, parsing sessions, the import pipeline.
        .target(
            name: "Host",
            dependencies: [
                "PluginAPI", "TollbookCore", "Store", "Pricing",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Host"
        ),
        // The certification suite (`tollbook plugin certify`): checks run in worker processes.
        .target(
            name: "Certification",
            dependencies: [
                "Host", "PluginAPI", "TollbookCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Certification"
        ),
        // Signed plugin packages (`.tbplugin`): tar archive, manifest, Ed25519 signing, install.
        .target(
            name: "PluginPackaging",
            dependencies: ["Host", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/PluginPackaging"
        ),
        // The `tollbook` command.
        .executableTarget(
            name: "tollbook",
            dependencies: [
                "Host", "Certification", "Store", "TollbookCore", "Configuration", "Pricing", "Rating", "Org", "Numbering",
                "Directory", "Costing", "PluginPackaging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/tollbook"
        ),
        // The rating engine benchmark (`make bench`).
        .executableTarget(name: "RatingBench", dependencies: ["Rating"], path: "Benchmarks/RatingBench"),
        // The pricing stage of import (numbers + rating per leg) on one core (`make bench`).
        .executableTarget(
            name: "PricingBench",
            dependencies: ["Pricing", "Configuration", "Numbering", "TollbookCore"],
            path: "Benchmarks/PricingBench"
        ),
        // Connector plugins: dynamic libraries that depend on the C header only.
        .target(name: "Cisco", dependencies: ["PluginAPI"], path: "Plugins/Cisco"),
        .target(name: "Unify", dependencies: ["PluginAPI"], path: "Plugins/Unify"),
        .target(name: "Innovaphone", dependencies: ["PluginAPI"], path: "Plugins/Innovaphone"),
        .target(name: "Swyx", dependencies: ["PluginAPI"], path: "Plugins/Swyx"),

        // Helpers shared by the test targets (paths, temporary directories, compiling C test plugins).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Drives built connector plugins through the real host, for the plugins' tests.
        .target(
            name: "PluginTestSupport",
            dependencies: ["Host", "TollbookCore", "TestSupport"],
            path: "Tests/PluginTestSupport"
        ),
        .testTarget(name: "CoreTests", dependencies: ["TollbookCore"], path: "Tests/CoreTests"),
        .testTarget(name: "RatingTests", dependencies: ["Rating", "TollbookCore", "TestSupport"], path: "Tests/RatingTests"),
        .testTarget(name: "NumberingTests", dependencies: ["Numbering", "TollbookCore", "TestSupport"], path: "Tests/NumberingTests"),
        .testTarget(
            name: "ConfigurationTests",
            dependencies: ["Configuration", "TestSupport"],
            path: "Tests/ConfigurationTests"
        ),
        .testTarget(
            name: "PricingTests",
            dependencies: ["Pricing", "Configuration", "Numbering", "Rating", "TollbookCore", "PluginTestSupport", "TestSupport"],
            path: "Tests/PricingTests"
        ),
        .testTarget(name: "CostingTests", dependencies: ["Costing", "Configuration", "TollbookCore"], path: "Tests/CostingTests"),
        // Directory reading against a real slapd started on loopback (needs slapd, ldap-utils, openssl).
        .testTarget(
            name: "DirectoryTests",
            // The `org sync` end-to-end tests run the built `tollbook` against the same slapd.
            dependencies: ["Directory", "Configuration", "TestSupport"],
            path: "Tests/DirectoryTests"
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TollbookCore", "TestSupport"], path: "Tests/StoreTests"),
        .testTarget(
            name: "OrgTests",
            dependencies: ["Org", "Store", "TollbookCore", "Numbering", "TestSupport"],
            path: "Tests/OrgTests"
        ),
        .testTarget(
            name: "HostTests",
            dependencies: ["Host", "Store", "TollbookCore", "PluginAPI", "TestSupport"],
            path: "Tests/HostTests"
        ),
        .testTarget(
            name: "CiscoPluginTests",
            dependencies: ["PluginAPI"],
            path: "Tests/CiscoPluginTests"
        ),
        .testTarget(
            name: "UnifyPluginTests",
            dependencies: ["PluginTestSupport", "TollbookCore", "Host"],
            path: "Tests/UnifyPluginTests"
        ),
        .testTarget(
            name: "InnovaphonePluginTests",
            dependencies: ["PluginTestSupport", "TollbookCore", "Host"],
            path: "Tests/InnovaphonePluginTests"
        ),
        .testTarget(
            name: "SwyxPluginTests",
            dependencies: ["PluginTestSupport", "TollbookCore", "Host"],
            path: "Tests/SwyxPluginTests"
        ),
        // The plugin SDK (`sdk/`): header copy, the C example built with make + cc, the Swift template.
        .testTarget(
            name: "SDKTests",
            dependencies: ["Host", "TollbookCore", "TestSupport", "PluginTestSupport"],
            path: "Tests/SDKTests"
        ),
        .testTarget(
            name: "CertificationTests",
            dependencies: ["Certification", "Host", "TollbookCore", "TestSupport"],
            path: "Tests/CertificationTests"
        ),
        .testTarget(
            name: "PluginPackagingTests",
            dependencies: ["PluginPackaging", "Host", "TestSupport"],
            path: "Tests/PluginPackagingTests"
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TollbookCore", "TestSupport"],
            path: "Tests/CLITests"
        ),
    ]
)
