// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pohj",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pohj", targets: ["pohj"]),
        .library(name: "PohjKit", targets: ["PohjKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Debian's libcmark (libcmark-dev); the Makefile installs it.
        .systemLibrary(
            name: "CMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "PohjKit",
            dependencies: [
                "CMark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "pohj",
            dependencies: [
                "PohjKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PohjKitTests",
            dependencies: ["PohjKit"],
            exclude: ["Fixtures"]
        ),
    ]
)
