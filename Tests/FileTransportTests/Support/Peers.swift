import Foundation
import TestSupport
import XCTest

/// Finding peer programs, free ports and running the OpenSSH client.
enum Peers {
    /// The first executable found at `paths`; else the test fails naming the Debian package that provides it.
    static func require(_ paths: [String], package: String) throws -> URL {
        for path in paths where FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        throw MissingPeer(paths[0], package: package)
    }

    /// `sftp`.
    static func sftp() throws -> URL { try require(["/usr/bin/sftp"], package: "openssh-client") }
    /// `ssh-keygen`.
    static func sshKeygen() throws -> URL { try require(["/usr/bin/ssh-keygen"], package: "openssh-client") }
    /// `sshd`.
    static func sshd() throws -> URL { try require(["/usr/sbin/sshd"], package: "openssh-server") }
    /// `sshpass`.
    static func sshpass() throws -> URL { try require(["/usr/bin/sshpass"], package: "sshpass") }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                _ = bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Generates an Ed25519 key pair at `path` (+ `.pub`) and returns the public key line.
    @discardableResult
    static func makeKey(at path: URL) throws -> String {
        let result = try TestEnvironment.run(try sshKeygen(), ["-q", "-t", "ed25519", "-N", "", "-f", path.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOf: path.appendingPathExtension("pub"), encoding: .utf8)
    }

    /// How `sftp` logs in.
    enum Login {
        /// With a private key file.
        case key(URL)
        /// With the password in a file (through `sshpass`).
        case password(URL)
    }

    /// Runs `sftp` in batch mode with `commands` against 127.0.0.1:`port` as `user`.
    static func runSFTP(_ commands: [String], port: Int, user: String, login: Login,
                        in directory: URL) throws -> TestEnvironment.CommandResult {
        let batch = directory.appendingPathComponent("batch-\(UUID().uuidString).txt")
        try (commands.joined(separator: "\n") + "\n").write(to: batch, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: batch) }
        var options = ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                       "-o", "ConnectTimeout=60", "-o", "LogLevel=ERROR"]
        switch login {
        case .key(let key):
            options += ["-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
                        "-i", key.path, "-b", batch.path, "-P", String(port), "\(user)@127.0.0.1"]
            return try TestEnvironment.run(try sftp(), options, currentDirectory: directory)
        case .password(let file):
            // BatchMode=no must come before -b (the first value of an ssh option wins), or no password is asked.
            options += ["-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                        "-o", "NumberOfPasswordPrompts=1", "-b", batch.path, "-P", String(port), "\(user)@127.0.0.1"]
            return try TestEnvironment.run(try sshpass(), ["-f", file.path, try sftp().path] + options,
                                           currentDirectory: directory)
        }
    }
}
