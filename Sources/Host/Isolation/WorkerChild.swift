#if canImport(Glibc)
import Glibc
#endif
import CSystemShim
import Foundation

/// A running worker process started with `posix_spawn`: the parent's ends of its stdin and stdout
/// pipes (non-blocking, close-on-exec) and the tail of its stderr. Killed and reaped by
/// ``terminate()`` (also on deinit), so it never outlives its owner.
final class WorkerChild {
    let pid: pid_t
    /// Requests go here (the child's stdin).
    let requests: Int32
    /// Replies come from here (the child's stdout).
    let replies: Int32
    /// The tail of the child's stderr.
    let log: BoundedLog
    private var termination: WorkerProcess.Termination?

    /// Starts `executable` with `arguments` (without argv[0]) and `environment`; `shared`, if
    /// given, becomes the child's descriptor 3.
    /// - Throws: ``WorkerLaunchError``.
    init(executable: String, arguments: [String], environment: [String: String], shared: Int32? = nil) throws {
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard Self.makePipe(&input) else { throw Self.launchError(executable, "pipe: \(String(cString: strerror(errno)))") }
        guard Self.makePipe(&output) else {
            [input[0], input[1]].forEach { _ = close($0) }
            throw Self.launchError(executable, "pipe: \(String(cString: strerror(errno)))")
        }
        guard Self.makePipe(&errors) else {
            [input[0], input[1], output[0], output[1]].forEach { _ = close($0) }
            throw Self.launchError(executable, "pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        if let shared { posix_spawn_file_actions_adddup2(&actions, shared, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The parent may ignore SIGPIPE (tollbook's main does); the worker gets the default back (and an empty signal mask).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        [input[0], output[1], errors[1]].forEach { _ = close($0) }
        guard status == 0 else {
            [input[1], output[0], errors[0]].forEach { _ = close($0) }
            throw Self.launchError(executable, String(cString: strerror(status)))
        }
        pid = child
        requests = input[1]
        replies = output[0]
        PipeIO.setNonBlocking(requests)
        PipeIO.setNonBlocking(replies)
        PipeIO.enlarge(requests)
        PipeIO.enlarge(replies)
        log = BoundedLog(reading: errors[0])
    }

    deinit {
        _ = terminate()
    }

    /// Kills the worker (SIGKILL) unless it has ended, reaps it and closes the pipes; returns how
    /// it ended. Safe to call more than once.
    @discardableResult
    func terminate() -> WorkerProcess.Termination {
        if let termination { return termination }
        close(requests)
        close(replies)
        kill(pid, SIGKILL)
        let ended = reap()
        termination = ended
        return ended
    }

    /// Waits for the worker to end by itself after it stopped answering (at most `seconds`), then
    /// kills it; returns how it ended (``WorkerProcess/Termination/timedOut(seconds:)`` when it
    /// had to be killed).
    func awaitEnd(seconds: Double) -> WorkerProcess.Termination {
        if let termination { return termination }
        let deadline = PipeIO.now() + UInt64(seconds * 1e9)
        var status: Int32 = 0
        while PipeIO.now() < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                close(requests)
                close(replies)
                let ended = Self.termination(of: status)
                termination = ended
                return ended
            }
            if result < 0, errno != EINTR { break }
            usleep(2_000)
        }
        terminate()
        termination = .timedOut(seconds: seconds)
        return .timedOut(seconds: seconds)
    }

    private func reap() -> WorkerProcess.Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        return Self.termination(of: status)
    }

    private static func termination(of status: Int32) -> WorkerProcess.Termination {
        // WIFEXITED / WTERMSIG, spelled out (the C macros are not imported).
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }

    /// A pipe whose both ends are close-on-exec from the start (`pipe2(O_CLOEXEC)` through the C
    /// shim): workers are spawned from several threads at once, and a descriptor that is not yet
    /// close-on-exec when another thread spawns would leak into that worker.
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        ends.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return tollbook_pipe_cloexec(base) == 0
        }
    }

    private static func launchError(_ executable: String, _ reason: String) -> WorkerLaunchError {
        WorkerLaunchError(executable: executable, reason: reason)
    }
}
