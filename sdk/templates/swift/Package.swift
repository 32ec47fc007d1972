// swift-tools-version:6.1
import PackageDescription

/// A Tollbook connector plugin written in Swift. Copy this folder, rename the product, the target
/// and the plugin id (Sources/ExamplePlugin/Descriptor.swift), and replace the parser.
///
/// Why the settings below (see README.md for the long version):
/// - the product is a *dynamic* library: the host loads it with dlopen;
/// - `-static-stdlib` links the Swift runtime into the .so, so the plugin does not depend on the
///   host's Swift version (Swift has no stable ABI on Linux) and never loads a second copy of
///   libswiftCore.so next to the host's;
/// - `-no-toolchain-stdlib-rpath` keeps the build machine's toolchain path out of the RUNPATH;
/// - only C types from `CTollbookPlugin` (the SDK header) cross the boundary;
/// - `unsafeFlags` are fine here because this package is built on its own, never used as a
///   dependency of another package (SwiftPM refuses unsafe flags in dependencies).
let package = Package(
    name: "TollbookPluginTemplate",
    products: [
        .library(name: "TollbookExampleSwift", type: .dynamic, targets: ["ExamplePlugin"]),
    ],
    targets: [
        // The SDK header, as a C module. `include/tollbook_plugin.h` is a copy of the SDK's
        // `include/tollbook_plugin.h` (a copy, not a symlink, so this folder can be moved anywhere).
        .target(name: "CTollbookPlugin", path: "Sources/CTollbookPlugin"),
        .target(
            name: "ExamplePlugin",
            dependencies: ["CTollbookPlugin"],
            path: "Sources/ExamplePlugin",
            swiftSettings: [.swiftLanguageMode(.v6)],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-no-toolchain-stdlib-rpath"])]
        ),
    ]
)
