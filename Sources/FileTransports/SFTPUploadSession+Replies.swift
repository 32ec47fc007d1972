import CSSH
import Foundation

/// The replies of an upload session: attributes and status codes.
extension SFTPUploadSession {
    /// Attributes of a regular file of `size` bytes (mode 0600, times now).
    func replyFileAttributes(_ message: sftp_client_message, size: Int64) {
        var attributes = sftp_attributes_struct()
        attributes.flags = UInt32(SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS | SSH_FILEXFER_ATTR_ACMODTIME)
        attributes.size = UInt64(size)
        attributes.permissions = UInt32(S_IFREG) | 0o600
        let now = UInt32(truncatingIfNeeded: time(nil))
        attributes.atime = now
        attributes.mtime = now
        _ = sftp_reply_attr(message, &attributes)
    }

    /// Attributes of the upload directory (times now; the owner is not revealed).
    func replyDirectoryAttributes(_ message: sftp_client_message) {
        var attributes = sftp_attributes_struct()
        attributes.flags = UInt32(SSH_FILEXFER_ATTR_PERMISSIONS | SSH_FILEXFER_ATTR_ACMODTIME)
        attributes.permissions = UInt32(S_IFDIR) | 0o755
        let now = UInt32(truncatingIfNeeded: time(nil))
        attributes.atime = now
        attributes.mtime = now
        _ = sftp_reply_attr(message, &attributes)
    }

    /// `SSH_FX_PERMISSION_DENIED`.
    func denied(_ message: sftp_client_message) {
        status(message, SSH_FX_PERMISSION_DENIED, "permission denied")
    }

    /// A status reply.
    func status(_ message: sftp_client_message, _ code: Int32, _ text: String) {
        _ = sftp_reply_status(message, UInt32(code), text)
    }
}
