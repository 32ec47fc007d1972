import Foundation
import TestSupport
import XCTest

/// Real clients for the transports: a TCP client that sends in odd chunk sizes, and `curl`.
enum PeerClients {
    /// Sends `data` over one TCP connection to `port`, in pieces of the given sizes (cycled), with
    /// a short pause between pieces so they travel as separate packets; closes unless `keepOpen`.
    /// - Returns: the open socket when `keepOpen`, else -1.
    @discardableResult
    static func sendTCP(_ data: [UInt8], port: Int, chunkSizes: [Int], keepOpen: Bool = false) throws -> Int32 {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw NSError(domain: "connect", code: Int(errno))
        }
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        try send(data, over: socket, chunkSizes: chunkSizes)
        if keepOpen { return socket }
        close(socket)
        return -1
    }

    /// Sends more bytes over an open connection.
    static func send(_ data: [UInt8], over socket: Int32, chunkSizes: [Int]) throws {
        var offset = 0
        var turn = 0
        while offset < data.count {
            let size = min(chunkSizes[turn % chunkSizes.count], data.count - offset)
            // MSG_NOSIGNAL: a peer that hangs up must fail the send, not kill the test process (SIGPIPE).
            let sent = data[offset..<offset + size].withUnsafeBytes { Foundation.send(socket, $0.baseAddress, size, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw NSError(domain: "send", code: Int(errno)) }
            offset += sent
            turn += 1
            usleep(500)
        }
    }

    /// Runs curl; returns the HTTP status (0 when the connection failed).
    static func curl(_ arguments: [String]) throws -> Int {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                             ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30"] + arguments)
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
