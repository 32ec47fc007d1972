import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads passwords from a file (mode 0600 or stricter, the first line) or from the terminal
/// without echo. Never from the command line or an environment variable.
enum PasswordInput {
    /// The password in `file`, or asked on the terminal (twice when `confirm`) when `file` is `nil`.
    static func read(file: String?, prompt: String, confirm: Bool) throws -> String {
        if let file { return try fromFile(file) }
        let first = try fromTerminal(prompt)
        if confirm {
            let second = try fromTerminal("Repeat the password: ")
            guard first == second else { throw CLIError("the two passwords differ") }
        }
        return first
    }

    /// The first line of `path`, which must be a regular file readable by its owner only.
    static func fromFile(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CLIError("password file \(path): missing or not readable") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw CLIError("password file \(path): not a regular file") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw CLIError("password file \(path): mode \(String(mode, radix: 8)) lets others read it; chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("password file \(path): missing or not readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !password.isEmpty else { throw CLIError("password file \(path): empty (the password must be its first line)") }
        return password
    }

    /// One line read from `/dev/tty` with echo off.
    static func fromTerminal(_ prompt: String) throws -> String {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw CLIError("no terminal to ask for the password on: give the password in a file (mode 0600) with --password-file")
        }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { throw CLIError("cannot switch the terminal's echo off") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ICANON)
        _ = Array(prompt.utf8).withUnsafeBytes { Glibc.write(tty, $0.baseAddress, $0.count) }
        guard tcsetattr(tty, TCSAFLUSH, &silent) == 0 else { throw CLIError("cannot switch the terminal's echo off") }
        defer {
            _ = tcsetattr(tty, TCSAFLUSH, &saved)
            _ = Array("\n".utf8).withUnsafeBytes { Glibc.write(tty, $0.baseAddress, $0.count) }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            bytes.append(byte)
            if bytes.count > 1024 { break }
        }
        let password = String(decoding: bytes, as: UTF8.self)
        guard !password.isEmpty else { throw CLIError("no password given") }
        return password
    }
}
