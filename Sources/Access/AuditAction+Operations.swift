extension AuditAction {
    /// An operator enabled, disabled or restarted connector instances of the running service
    /// (`tollbook sites enable|disable|restart`).
    public static let connectorControl = "connector.control"
}
