import Foundation

/// A server process started by a test (sshd, pyftpdlib, aiosmtpd), stopped at the end.
///
/// It is started in the background by a small Python launcher (`close_fds`, new session), not as a direct
/// `Foundation.Process` child: Foundation notices a child's exit by a socket the child inherits, so a
/// server that closes it (sshd closes every descriptor) or a grandchild that keeps it (a shell's
/// background job) stalls `waitUntilExit` of every later `Process` in the test run.
public final class PeerProcess {
    private let pid: pid_t
    private let logFile: URL

    /// Starts `executable` and waits (up to 60 s) until 127.0.0.1:`port` accepts connections.
    public init(_ executable: URL, _ arguments: [String], port: Int, log: URL) throws {
        logFile = log
        let command = ([executable.path] + arguments).joined(separator: " ")
        let launcher = """
            import subprocess, sys
            log = open(sys.argv[1], "ab")
            child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                     close_fds=True, start_new_session=True)
            print(child.pid)
            """
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { throw MissingPeer(python.path, package: "python3") }
        let started = try TestEnvironment.run(python, ["-c", launcher, log.path, executable.path] + arguments)
        guard let pid = pid_t(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw NSError(domain: "PeerProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot start \(command)"])
        }
        self.pid = pid
        let deadline = Date().addingTimeInterval(60)
        while !Self.accepts(port: port) {
            guard isRunning, Date() < deadline else {
                stop()
                throw NSError(domain: "PeerProcess", code: 2, userInfo: [
                    NSLocalizedDescriptionKey: "\(executable.path) did not start: \(self.log)",
                ])
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The peer's output so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Whether the process still runs (not gone, not a zombie).
    public var isRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }

    /// Stops the process (SIGTERM) and waits up to 30 s for it to end.
    public func stop() {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(30)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { kill(pid, signal) }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
