import CSSH
import Foundation

/// Serves one SFTP session of one account: uploads into the account's directory, nothing else.
///
/// The client sees the upload directory as `/`. It may open new files for writing (they go to a hidden
/// staging file), write them, stat what it is writing, list the directory (always empty) and close; on
/// close the file is handed to the sink and the close succeeds only when the sink accepted it. Reading,
/// removing, making directories, links and any path outside the directory are refused.
final class SFTPUploadSession {
    private let sftp: sftp_session
    private let directory: String
    private let peer: String
    private let sink: any FileDeliverySink
    private let log: FileTransportLog
    private var handles: [Int: SFTPUploadHandle] = [:]
    /// Open files and directories per session (each upload holds a descriptor; PBXs send one file at a time).
    private static let maxOpenHandles = 16
    private var nextToken = 1
    /// Files this session delivered, with their sizes (for a stat or rename right after the upload).
    private var delivered: [String: Int64] = [:]
    /// Closed uploads under an in-progress name (`_…` or `.…`, the spool convention): delivered
    /// only when renamed to a final name.
    private var held: [String: StagedUpload] = [:]
    /// The longest file name accepted, in bytes: the journal's limit for a stream's origin.
    static let maximumNameBytes = 1024

    /// Whether `name` marks an upload in progress (`_…` or `.…`): not delivered until renamed.
    static func isInProgress(_ name: String) -> Bool { name.hasPrefix("_") || name.hasPrefix(".") }

    /// Creates the handler for an initialised SFTP server session.
    init(sftp: sftp_session, directory: String, peer: String, sink: any FileDeliverySink, log: @escaping FileTransportLog) {
        self.sftp = sftp
        self.directory = directory
        self.peer = peer
        self.sink = sink
        self.log = log
    }

    /// Answers one client message.
    func handle(_ message: sftp_client_message) {
        let type = Int32(sftp_client_message_get_type(message))
        let filename = sftp_client_message_get_filename(message).map { String(cString: $0) } ?? ""
        switch type {
        case SSH_FXP_REALPATH: realpath(message, filename)
        case SSH_FXP_STAT, SSH_FXP_LSTAT: stat(message, filename)
        case SSH_FXP_FSTAT: fstat(message)
        case SSH_FXP_OPEN: openFile(message, filename)
        case SSH_FXP_WRITE: writeFile(message)
        case SSH_FXP_CLOSE: closeHandle(message)
        case SSH_FXP_OPENDIR: openDirectory(message, filename)
        case SSH_FXP_READDIR: readDirectory(message)
        case SSH_FXP_SETSTAT, SSH_FXP_FSETSTAT: setStat(message, type: type, filename)
        case SSH_FXP_RENAME: rename(message, filename)
        case SSH_FXP_EXTENDED:
            // OpenSSH's client renames through this extension when the server announces it (libssh does).
            let name = sftp_client_message_get_submessage(message).map { String(cString: $0) }
            if name == "posix-rename@openssh.com" { return rename(message, filename) }
            // `put -f`: the file is fsynced on close anyway.
            if name == "fsync@openssh.com" { return status(message, SSH_FX_OK, "") }
            status(message, SSH_FX_OP_UNSUPPORTED, "not supported")
        default:
            status(message, SSH_FX_PERMISSION_DENIED, "upload only")
        }
    }

    /// Drops staging files of uploads the client never closed (connection lost: the PBX sends them again).
    func abandonOpenUploads() {
        for case .upload(let upload) in handles.values {
            log("SFTP upload of \(LogText.clean(upload.name)) from \(peer) was not completed; discarded")
            upload.discard()
        }
        handles.removeAll()
        for (name, upload) in held {
            log("SFTP upload \(LogText.clean(name)) from \(peer) was never renamed to a final name; discarded")
            upload.discard()
        }
        held.removeAll()
    }

    // MARK: - Messages

    private func realpath(_ message: sftp_client_message, _ path: String) {
        guard let resolved = UploadPath.resolve(path) else { return denied(message) }
        var attributes = sftp_attributes_struct()
        _ = sftp_reply_name(message, resolved.clientPath, &attributes)
    }

    private func stat(_ message: sftp_client_message, _ path: String) {
        switch UploadPath.resolve(path) {
        case .none: denied(message)
        case .root: replyDirectoryAttributes(message)
        case .file(let name):
            if let upload = openUpload(named: name), let size = upload.size() {
                replyFileAttributes(message, size: size)
            } else if let upload = held[name], let size = fileSize(upload.stagingPath) {
                replyFileAttributes(message, size: size)
            } else if let size = delivered[name] {
                replyFileAttributes(message, size: size)
            } else {
                status(message, SSH_FX_NO_SUCH_FILE, "no such file")
            }
        }
    }

    private func fstat(_ message: sftp_client_message) {
        switch lookup(message) {
        case .some((_, .upload(let upload))):
            guard let size = upload.size() else { return status(message, SSH_FX_FAILURE, "cannot stat") }
            replyFileAttributes(message, size: size)
        case .some((_, .directory)): replyDirectoryAttributes(message)
        case .none: status(message, SSH_FX_INVALID_HANDLE, "invalid handle")
        }
    }

    private func openFile(_ message: sftp_client_message, _ path: String) {
        let flags = Int32(sftp_client_message_get_flags(message))
        guard case .file(let name) = UploadPath.resolve(path), !name.hasPrefix(StagedUpload.prefix),
              flags & SSH_FXF_READ == 0, flags & SSH_FXF_WRITE != 0, flags & SSH_FXF_CREAT != 0,
              flags & SSH_FXF_APPEND == 0 else {
            log("SFTP refused to open \(LogText.clean(path)) from \(peer) (flags \(flags)): upload only")
            return denied(message)
        }
        guard name.utf8.count <= Self.maximumNameBytes else {
            log("SFTP refused to open a file from \(peer): name of \(name.utf8.count) bytes (limit \(Self.maximumNameBytes))")
            return status(message, SSH_FX_FAILURE, "file name longer than \(Self.maximumNameBytes) bytes")
        }
        // Whatever exists under that name (a symlink, a directory) is never touched: bytes go to staging.
        var existing = Glibc.stat()
        let target = (directory as NSString).appendingPathComponent(name)
        if lstat(target, &existing) == 0, (existing.st_mode & S_IFMT) != S_IFREG {
            log("SFTP refused to open \(LogText.clean(path)) from \(peer): not a regular file")
            return denied(message)
        }
        guard handles.count < Self.maxOpenHandles else {
            return status(message, SSH_FX_FAILURE, "too many open files")
        }
        do {
            let upload = try StagedUpload(name: name, directory: directory)
            let token = nextToken
            nextToken += 1
            guard let handle = sftp_handle_alloc(sftp, UnsafeMutableRawPointer(bitPattern: token)) else {
                upload.discard()
                return status(message, SSH_FX_FAILURE, "too many open files")
            }
            handles[token] = .upload(upload)
            _ = sftp_reply_handle(message, handle)
            ssh_string_free(handle)
        } catch {
            log("SFTP cannot stage \(LogText.clean(name)) from \(peer): \(error)")
            status(message, SSH_FX_FAILURE, "cannot store the file")
        }
    }

    private func writeFile(_ message: sftp_client_message) {
        guard case .some((_, .upload(let upload))) = lookup(message) else {
            return status(message, SSH_FX_INVALID_HANDLE, "invalid handle")
        }
        var length = 0
        let data = tollbook_sftp_message_data(message, &length)
        let ok = upload.write(UnsafeRawBufferPointer(start: data, count: length), at: tollbook_sftp_message_offset(message))
        status(message, ok ? SSH_FX_OK : SSH_FX_FAILURE, ok ? "" : "write failed")
    }

    private func closeHandle(_ message: sftp_client_message) {
        guard let (token, handle) = lookup(message) else { return status(message, SSH_FX_INVALID_HANDLE, "invalid handle") }
        handles[token] = nil
        sftp_handle_remove(sftp, UnsafeMutableRawPointer(bitPattern: token))
        guard case .upload(let upload) = handle else { return status(message, SSH_FX_OK, "") }
        guard upload.finish(), let size = fileSize(upload.stagingPath) else {
            upload.discard()
            log("SFTP upload of \(LogText.clean(upload.name)) from \(peer) failed while writing")
            return status(message, SSH_FX_FAILURE, "cannot store the file")
        }
        if Self.isInProgress(upload.name) {
            // The uploader renames it when it is complete; only then is it read.
            held[upload.name]?.discard()
            held[upload.name] = upload
            log("SFTP received \(LogText.clean(upload.name)) (\(size) bytes) from \(peer); held until it is renamed")
            return status(message, SSH_FX_OK, "")
        }
        deliver(upload, as: upload.name, size: size, message)
    }

    /// Hands a finished upload to the sink under `name` and answers the client.
    private func deliver(_ upload: StagedUpload, as name: String, size: Int64, _ message: sftp_client_message) {
        defer { upload.discard() }
        let file = DeliveredFile(name: name, path: upload.stagingPath, size: size, peer: peer)
        do {
            try sink.deliver(file)
        } catch {
            log("SFTP delivery of \(LogText.clean(name)) (\(size) bytes) from \(peer) refused: \(error)")
            return status(message, SSH_FX_FAILURE, "file not accepted, send it again later")
        }
        delivered[name] = size
        log("SFTP received \(LogText.clean(name)) (\(size) bytes) from \(peer)")
        status(message, SSH_FX_OK, "")
    }

    private func openDirectory(_ message: sftp_client_message, _ path: String) {
        guard UploadPath.resolve(path) == .root else { return denied(message) }
        guard handles.count < Self.maxOpenHandles else { return status(message, SSH_FX_FAILURE, "too many open handles") }
        let token = nextToken
        nextToken += 1
        guard let handle = sftp_handle_alloc(sftp, UnsafeMutableRawPointer(bitPattern: token)) else {
            return status(message, SSH_FX_FAILURE, "too many open handles")
        }
        handles[token] = .directory
        _ = sftp_reply_handle(message, handle)
        ssh_string_free(handle)
    }

    private func readDirectory(_ message: sftp_client_message) {
        guard case .some((_, .directory)) = lookup(message) else {
            return status(message, SSH_FX_INVALID_HANDLE, "invalid handle")
        }
        status(message, SSH_FX_EOF, "")
    }

    private func setStat(_ message: sftp_client_message, type: Int32, _ path: String) {
        // Clients set times or modes after an upload (`put -p`); accepted and ignored for the session's own files.
        if type == SSH_FXP_FSETSTAT {
            guard case .some((_, .upload)) = lookup(message) else { return denied(message) }
            return status(message, SSH_FX_OK, "")
        }
        guard case .file(let name) = UploadPath.resolve(path), delivered[name] != nil || openUpload(named: name) != nil || held[name] != nil else {
            return denied(message)
        }
        status(message, SSH_FX_OK, "")
    }

    private func rename(_ message: sftp_client_message, _ path: String) {
        // An uploader that sends under a temporary name and renames afterwards: the file was delivered on
        // close under the name it was sent with; the rename is acknowledged so the client sees success.
        let target = sftp_client_message_get_data(message).map { String(cString: $0) } ?? ""
        guard case .file(let old) = UploadPath.resolve(path), case .file(let new) = UploadPath.resolve(target),
              !new.hasPrefix(StagedUpload.prefix), new.utf8.count <= Self.maximumNameBytes else { return denied(message) }
        if let upload = held[old] {
            held[old] = nil
            if Self.isInProgress(new) {
                held[new] = upload
                return status(message, SSH_FX_OK, "")
            }
            guard let size = fileSize(upload.stagingPath) else {
                upload.discard()
                return status(message, SSH_FX_FAILURE, "cannot store the file")
            }
            return deliver(upload, as: new, size: size, message)
        }
        guard let size = delivered[old] else { return denied(message) }
        delivered[old] = nil
        delivered[new] = size
        log("SFTP rename of delivered \(LogText.clean(old)) to \(LogText.clean(new)) from \(peer) acknowledged (delivered as \(LogText.clean(old)))")
        status(message, SSH_FX_OK, "")
    }

    // MARK: - Helpers

    private func lookup(_ message: sftp_client_message) -> (Int, SFTPUploadHandle)? {
        guard let raw = tollbook_sftp_message_handle(message), let info = sftp_handle(sftp, raw) else { return nil }
        let token = Int(bitPattern: info)
        guard let handle = handles[token] else { return nil }
        return (token, handle)
    }

    private func openUpload(named name: String) -> StagedUpload? {
        for case .upload(let upload) in handles.values where upload.name == name { return upload }
        return nil
    }

    private func fileSize(_ path: String) -> Int64? {
        var info = Glibc.stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }
}
