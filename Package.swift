// swift-tools-version:6.3
import PackageDescription

/// Tollbook: call accounting and UC analytics. The host loads one connector plugin per PBX family
/// through the C ABI in `Sources/PluginAPI`; plugins under `Plugins/` depend on that header only.
///
/// Swift 6.3 or newer: the bundled plugins export their entry symbol with `@c` (SE-0495, Swift 6.3).
/// Linux only (Glibc, inotify, /proc, ELF plugins), so no `platforms` are declared.
let package = Package(
    name: "Tollbook",
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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // The ABI: one C header (plus compile-time layout checks). Nothing else.
        .target(name: "PluginAPI", path: "Sources/PluginAPI"),
        // SQLite's C library, as a system library.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // OpenLDAP's libldap (and liblber), as a system library with a small shim header.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP", providers: [.apt(["libldap-dev"])]),
        // zlib (crc32 for the journal's checksums), as a system library.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The raw journal of the capture service: received chunks, checksummed and fsync'd before they are acknowledged.
        .target(name: "Journal", dependencies: ["CZlib", "TollbookCore"], path: "Sources/Journal"),
        // libssh (libssh.org: SSH client and server, SFTP server), as a system library.
        .systemLibrary(name: "CSSH", path: "Sources/CSSH", providers: [.apt(["libssh-dev"])]),
        // libcurl (FTP / FTPS pickup), as a system library with typed wrappers for its variadic calls.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // libharu (PDF writing for the Documents module), as a system library.
        .systemLibrary(name: "CHaru", path: "Sources/CHaru", providers: [.apt(["libhpdf-dev"])]),
        // OpenSSL's libcrypto: AES-256-GCM and SHA-256 with reusable contexts for the store's bulk sealing.
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        // Neutral report documents and their renderers (Markdown, PDF through libharu): docs/documents.md.
        .target(name: "Documents", dependencies: ["CHaru", "CXlsxWriter", "Charts"], path: "Sources/Documents"),
        // libxlsxwriter (XLSX workbooks with typed cells for the Documents module), as a system library.
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // Charts (bar, stacked bar, line, pie, donut) as SVG and as shapes the PDF renderer draws: docs/reports.md.
        .target(name: "Charts", path: "Sources/Charts"),
        // Minimum group size, co-determination profile, works-agreement annex, Art. 30 record, DPIA inputs (P7, P8, P16).
        .target(
            name: "Governance",
            dependencies: ["Documents", "Access", "TollbookConfiguration"],
            path: "Sources/Governance"
        ),
        // Domain types without I/O.
        .target(name: "TollbookCore", path: "Sources/TollbookCore"),
        // Privacy policy (docs/privacy.md): call categories, privacy packages, masking, protected numbers.
        .target(name: "Privacy", dependencies: ["TollbookCore"], path: "Sources/Privacy"),
        // Glibc calls Swift does not import (`pipe2`, `mkostemp` with O_CLOEXEC), as a small C target.
        .target(name: "CSystemShim", path: "Sources/CSystemShim"),
        // The configuration file (YAML): sites, numbering plans, providers.
        .target(
            name: "TollbookConfiguration",
            dependencies: ["TollbookCore", "Privacy", .product(name: "Yams", package: "Yams")],
            path: "Sources/Configuration"
        ),
        // Numbering plans: E.164 normalisation and number categories.
        .target(name: "Numbering", dependencies: ["TollbookCore"], path: "Sources/Numbering"),
        // Tariff files and the rating engine.
        .target(name: "Rating", dependencies: ["TollbookCore"], path: "Sources/Rating"),
        // Numbering plan + tariffs of a site applied to call legs.
        .target(
            name: "Pricing",
            dependencies: ["TollbookConfiguration", "Numbering", "Rating", "TollbookCore"],
            path: "Sources/Pricing"
        ),
        // Indirect costs (tariff packages), proration and roll-up of costs along the org chart.
        .target(name: "Costing", dependencies: ["TollbookConfiguration", "TollbookCore"], path: "Sources/Costing"),
        // Reading people from LDAP / Active Directory (for `tollbook org sync`).
        .target(name: "Directory", dependencies: ["CLDAP", "TollbookConfiguration"], path: "Sources/Directory"),
        // Users, roles, permissions, scope and principals: who may read what (docs/access.md).
        .target(
            name: "Access",
            dependencies: [
                "TollbookCore", "Store", "Org", "Directory", "TollbookConfiguration",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            path: "Sources/Access"
        ),
        // The call store (SQLite file).
        .target(name: "Store", dependencies: ["CSQLite", "COpenSSL", "TollbookCore", .product(name: "Crypto", package: "swift-crypto")],
                path: "Sources/Store"),
        // The org chart: nodes, participants, classifiers over time, allocation, CSV import, directory sync.
        .target(name: "Org", dependencies: ["Store", "TollbookCore", "Numbering"], path: "Sources/Org"),
        // The one read path for call data: scope of a principal, audit of refusals, the fast listing (docs/query.md).
        .target(name: "Query", dependencies: ["Access", "Store", "Org", "TollbookCore", "Privacy"], path: "Sources/Query"),
        // The KPI engine: K1–K20 of analytics-kpis.md §5 from call legs read through the query layer (docs/kpis.md).
        .target(name: "Analytics", dependencies: ["Query", "Org", "TollbookConfiguration", "TollbookCore"], path: "Sources/Analytics"),
        // Cost reports and charge-back statements, read through the query layer.
        .target(
            name: "Reports",
            dependencies: ["Query", "Access", "Costing", "Org", "Store", "TollbookConfiguration", "TollbookCore", "Governance",
                           "Documents", "Privacy", "Charts", "Analytics"],
            path: "Sources/Reports"
        ),
        // Toll-fraud and anomaly alarms (issue 19 §3): rules, the alarm ingest stage and worker, webhook notifications.
        .target(
            name: "Alarms",
            dependencies: ["Access", "Query", "Store", "Org", "Ingest", "TollbookConfiguration", "TollbookCore", "CCurl",
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")],
            path: "Sources/Alarms"
        ),
        // KPI roll-ups (issue 19 §2): the dirty-range ingest stage, refresh, rebuild, verify, status (docs/rollups.md).
        .target(
            name: "Rollups",
            dependencies: ["Analytics", "Query", "Store", "Ingest", "TollbookConfiguration", "TollbookCore", "Privacy", "CSystemShim",
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")],
            path: "Sources/Rollups"
        ),
        // Retention (P11) and erasure with signed receipt (P12): expiry per person group × category ×
        // data class, k-safe sums, shredding through the store, the daily run of `serve`.
        .target(
            name: "Retention",
            dependencies: ["Access", "Store", "Org", "TollbookConfiguration", "TollbookCore",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Retention"
        ),
        // The plugin runtime: discovery, loading, trust, ABI checks, parsing sessions, worker isolation.
        .target(
            name: "Host",
            dependencies: [
                "PluginAPI", "TollbookCore", "CSystemShim",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Host"
        ),
        // The one ingest pipeline (docs/ingest.md): plugin session → stages (pricing, …, storing) → store,
        // for `import`, `serve`, `journal replay`; re-rating.
        .target(
            name: "Ingest",
            dependencies: [
                "Host", "Store", "Pricing", "TollbookCore", "Org", "Privacy",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Ingest"
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
        // The capture service (`tollbook serve`): transports, raw journal, exactly-once ingestion.
        .target(
            name: "Capture",
            dependencies: [
                "Host", "Ingest", "Store", "Pricing", "TollbookConfiguration", "TollbookCore", "Journal", "FileTransports",
                "Org", "Privacy",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Sources/Capture"
        ),
        // File transports of the capture service: SFTP server for PBX pushes, SFTP and FTP pickup.
        .target(name: "FileTransports", dependencies: ["CSSH", "CCurl", "CSystemShim"], path: "Sources/FileTransports"),
        // Scheduled reports by mail (docs/mail.md): MIME, SMTP with STARTTLS over libcurl, cron schedules, scope check, audit.
        .target(
            name: "Mail",
            dependencies: ["CCurl", "Reports", "Alarms", "Costing", "Query", "Access", "Store", "Org", "Governance", "Documents",
                           "TollbookConfiguration", "TollbookCore", "Privacy"],
            path: "Sources/Mail"
        ),
        // The `tollbook` command.
        .executableTarget(
            name: "tollbook",
            dependencies: [
                "Host", "Ingest", "Certification", "Store", "TollbookCore", "TollbookConfiguration", "Pricing", "Rating", "Org", "Numbering",
                "Directory", "Costing", "PluginPackaging", "Capture", "Journal", "Access", "Query", "Reports", "Retention",
                "Governance", "Documents",
                "Privacy",
                "Analytics", "Mail", "Alarms",
                "Rollups",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/tollbook"
        ),
        // The rating engine benchmark (`make bench`).
        .executableTarget(name: "RatingBench", dependencies: ["Rating"], path: "benchmarks/RatingBench"),
        // The pricing stage of import (numbers + rating per leg) on one core (`make bench`).
        .executableTarget(
            name: "PricingBench",
            dependencies: ["Pricing", "TollbookConfiguration", "Numbering", "TollbookCore"],
            path: "benchmarks/PricingBench"
        ),
        // Journal append throughput: 1 MB chunks and small entries from several threads, durable.
        .executableTarget(name: "JournalBench", dependencies: ["Journal"], path: "benchmarks/JournalBench"),
        // The call store's insert, read and re-pricing throughput (rows/s), without parsing or pricing.
        .executableTarget(name: "StoreBench", dependencies: ["Store", "TollbookCore"], path: "benchmarks/StoreBench"),
        // In-process vs worker-process parsing through IsolatedStreamParser (records/s and the ratio).
        .executableTarget(name: "IsolationBench", dependencies: ["Host", "TollbookCore"], path: "benchmarks/IsolationBench"),
        // Listing through the query layer as a scoped principal (`make bench`, benchmarks/read_bench.py).
        .executableTarget(name: "RollupBench", dependencies: ["Analytics", "TollbookConfiguration", "TollbookCore"],
                          path: "benchmarks/RollupBench"),
        .executableTarget(name: "ReadBench", dependencies: ["Query", "Access", "Store"], path: "benchmarks/ReadBench"),
        .executableTarget(name: "EncryptionBench", dependencies: ["Query", "Access", "Store", "TollbookCore"],
                          path: "benchmarks/EncryptionBench"),
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
        .testTarget(
            name: "RatingTests",
            // RatingBench: the benchmark's own test imports the executable module (`@testable import RatingBench`).
            dependencies: ["Rating", "TollbookCore", "TestSupport", "RatingBench"],
            path: "Tests/RatingTests"
        ),
        .testTarget(name: "NumberingTests", dependencies: ["Numbering", "TollbookCore", "TestSupport"], path: "Tests/NumberingTests"),
        .testTarget(
            name: "ConfigurationTests",
            dependencies: ["TollbookConfiguration", "TestSupport"],
            path: "Tests/ConfigurationTests"
        ),
        .testTarget(
            name: "PricingTests",
            dependencies: ["Pricing", "TollbookConfiguration", "Numbering", "Rating", "TollbookCore", "PluginTestSupport", "TestSupport"],
            path: "Tests/PricingTests"
        ),
        .testTarget(name: "CostingTests", dependencies: ["Costing", "TollbookConfiguration", "TollbookCore"], path: "Tests/CostingTests"),
        // Directory reading against a real slapd started on loopback (needs slapd, ldap-utils, openssl).
        .testTarget(
            name: "DirectoryTests",
            // The `org sync` end-to-end tests run the built `tollbook` against the same slapd.
            // Directory login maps groups to roles through Access on a real store.
            dependencies: ["Directory", "TollbookConfiguration", "TestSupport", "Access", "Store"],
            path: "Tests/DirectoryTests"
        ),
        // Users, passwords, tokens, principals and the audit log against real SQLite files.
        .testTarget(
            name: "AccessTests",
            dependencies: ["Access", "Store", "Org", "TollbookConfiguration", "TestSupport"],
            path: "Tests/AccessTests"
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TollbookCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
                    path: "Tests/StoreTests"),
        .testTarget(
            name: "OrgTests",
            dependencies: ["Org", "Store", "TollbookCore", "Numbering", "TestSupport"],
            path: "Tests/OrgTests"
        ),
        .testTarget(
            name: "HostTests",
            dependencies: ["Host", "Ingest", "Store", "TollbookCore", "PluginAPI", "TestSupport"],
            path: "Tests/HostTests"
        ),
        // The ingest pipeline's stages and re-rating on real SQLite stores.
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "Store", "Pricing", "TollbookConfiguration", "Numbering", "TollbookCore", "TestSupport"],
            path: "Tests/IngestTests"
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
        .testTarget(name: "JournalTests", dependencies: ["Journal", "TestSupport"], path: "Tests/JournalTests"),
        // File transports against real peers on loopback (OpenSSH sftp/sshd, pyftpdlib).
        .testTarget(
            name: "FileTransportTests",
            dependencies: ["FileTransports", "TestSupport"],
            path: "Tests/FileTransportTests"
        ),
        // `tollbook serve` end to end: transports with real peers, SIGKILL rounds, operations endpoint.
        .testTarget(
            name: "CaptureTests",
            dependencies: [
                "TestSupport", "Capture", "Journal", "Host", "Ingest", "Store", "TollbookCore", "Privacy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/CaptureTests"
        ),
        // Crash-isolated parsers: faulty C plugins in worker processes (runs the built `tollbook`).
        .testTarget(
            name: "IsolationTests",
            dependencies: ["Host", "TollbookCore", "TestSupport"],
            path: "Tests/IsolationTests"
        ),
        // The query layer: scope, audit of refusals, the authorizer, the fast path, the property test.
        .testTarget(
            name: "QueryTests",
            dependencies: ["Query", "Access", "Store", "Org", "TollbookCore", "TestSupport"],
            path: "Tests/QueryTests"
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Query", "Access", "Store", "Org", "Costing", "TollbookConfiguration", "TollbookCore",
                           "TestSupport", "Documents", "Charts", "Governance"],
            path: "Tests/ReportsTests"
        ),
        // The chart layout and its SVG, parsed back as XML.
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestSupport"], path: "Tests/ChartsTests"),
        .testTarget(
            name: "RetentionTests",
            dependencies: ["Retention", "Reports", "Query", "Access", "Store", "Org", "TollbookConfiguration", "TollbookCore",
                           "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/RetentionTests"
        ),
        // The module-dependency rules of ARCHITECTURE.md checked against Package.swift and the import lines;
        // only Store and Query read the call tables.
        .testTarget(name: "ArchitectureTests", dependencies: ["TestSupport"], path: "Tests/ArchitectureTests"),
        // The Documents renderers, checked with real PDF readers (pdftotext, pdfinfo from poppler-utils).
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "TestSupport"], path: "Tests/DocumentsTests"),
        // Group suppression, the works-agreement annex, the Art. 30 record and DPIA inputs.
        .testTarget(
            name: "GovernanceTests",
            dependencies: ["Governance", "Documents", "TollbookConfiguration", "Reports", "Costing", "TollbookCore", "TestSupport"],
            path: "Tests/GovernanceTests"
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TollbookCore", "TestSupport", "Journal", "Store", "Query", "Access"],
            path: "Tests/CLITests"
        ),
        // The privacy policy, its configuration, ingest stages and masking in the query layer, on real stores.
        .testTarget(
            name: "PrivacyTests",
            dependencies: ["Privacy", "TollbookConfiguration", "Ingest", "Pricing", "Query", "Access", "Store", "Org",
                           "TollbookCore", "TestSupport"],
            path: "Tests/PrivacyTests"
        ),
        // The KPI engine: hand-computed K1–K20, the query layer's scope, `tollbook kpi` on an imported store.
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Analytics", "Query", "Access", "Store", "Org", "TollbookConfiguration", "TollbookCore", "Privacy",
                           "TestSupport"],
            path: "Tests/AnalyticsTests"
        ),
        // Scheduled reports by mail: MIME, cron, a real SMTP server (aiosmtpd with STARTTLS and AUTH) on loopback.
        .testTarget(
            name: "MailTests",
            dependencies: ["Mail", "Alarms", "Access", "Store", "Org", "Query", "TollbookConfiguration", "TollbookCore", "TestSupport"],
            path: "Tests/MailTests"
        ),
        // Alarms: every rule at its boundaries, dedupe, the store, webhooks against a real HTTP receiver, serve and the CLI.
        .testTarget(
            name: "AlarmsTests",
            dependencies: ["Alarms", "Access", "Query", "Store", "Org", "Ingest", "TollbookConfiguration", "TollbookCore",
                           "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/AlarmsTests"
        ),
        // Roll-ups: store round trip, dirty ranges, import/replay/erasure/retention maintenance, verify and the CLI.
        .testTarget(
            name: "RollupsTests",
            dependencies: ["Rollups", "Analytics", "Access", "Query", "Store", "Ingest", "TollbookConfiguration", "TollbookCore",
                           "Privacy", "TestSupport"],
            path: "Tests/RollupsTests"
        ),
    ]
)
