import Foundation
import CLDAP

extension LDAPConnection {
    /// A subtree search with the paged-results control (RFC 2696): asks for `pageSize` entries at a
    /// time and follows the server's cookie until it is empty.
    /// - Parameter entry: called for every entry, in the order the server sends them.
    /// - Returns: the number of pages (result messages) read.
    func pagedSearch(base: String, filter: String, attributes: [String], pageSize: Int, timeoutSeconds: Int,
                     entry: (DirectoryEntry) -> Void) throws(DirectoryError) -> Int {
        let handle = rawHandle
        var cookie = berval(bv_len: 0, bv_val: nil)
        defer { if cookie.bv_val != nil { ber_memfree(cookie.bv_val) } }
        var pages = 0
        let attributeList = CStringList(attributes)
        repeat {
            var control: UnsafeMutablePointer<LDAPControl>?
            let created = withUnsafeMutablePointer(to: &cookie) { cookiePointer in
                ldap_create_page_control(handle, ber_int_t(clamping: pageSize),
                                         cookiePointer.pointee.bv_len > 0 ? cookiePointer : nil, 0, &control)
            }
            guard created == LDAP_SUCCESS, let control else {
                throw .searchFailed(baseDN: base, reason: "cannot create the paging control: \(reason(created))")
            }
            defer { ldap_control_free(control) }
            var serverControls: [UnsafeMutablePointer<LDAPControl>?] = [control, nil]
            var result: OpaquePointer?
            let status = attributeList.withPointer { names in
                serverControls.withUnsafeMutableBufferPointer { controls in
                    tollbook_ldap_search(handle, base, filter, names, controls.baseAddress,
                                         Int32(clamping: timeoutSeconds), &result)
                }
            }
            defer { if result != nil { ldap_msgfree(result) } }
            guard status == LDAP_SUCCESS, let result else { throw .searchFailed(baseDN: base, reason: reason(status)) }
            pages += 1
            var message = ldap_first_entry(handle, result)
            while let current = message {
                entry(readEntry(current))
                message = ldap_next_entry(handle, current)
            }
            try nextCookie(from: result, base: base, into: &cookie)
        } while cookie.bv_len > 0
        return pages
    }

    /// Reads the paged-results response control of a search result into `cookie` (empty when the
    /// server sent none: it ignored paging and returned everything).
    private func nextCookie(from result: OpaquePointer, base: String, into cookie: inout berval) throws(DirectoryError) {
        let handle = rawHandle
        var code: Int32 = LDAP_SUCCESS
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let parsed = ldap_parse_result(handle, result, &code, nil, nil, nil, &controls, 0)
        defer { if controls != nil { ldap_controls_free(controls) } }
        guard parsed == LDAP_SUCCESS else { throw .searchFailed(baseDN: base, reason: reason(parsed)) }
        guard code == LDAP_SUCCESS else { throw .searchFailed(baseDN: base, reason: reason(code)) }
        if cookie.bv_val != nil { ber_memfree(cookie.bv_val) }
        cookie = berval(bv_len: 0, bv_val: nil)
        guard let response = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, nil) else { return }
        var estimate: ber_int_t = 0
        let status = ldap_parse_pageresponse_control(handle, response, &estimate, &cookie)
        guard status == LDAP_SUCCESS else {
            throw .searchFailed(baseDN: base, reason: "unreadable paging response: \(reason(status))")
        }
    }

    /// The DN and every attribute of one entry message.
    private func readEntry(_ message: OpaquePointer) -> DirectoryEntry {
        let handle = rawHandle
        var dn = ""
        if let pointer = ldap_get_dn(handle, message) {
            dn = String(cString: pointer)
            ldap_memfree(pointer)
        }
        var attributes: [String: [[UInt8]]] = [:]
        var position: OpaquePointer?
        var name = ldap_first_attribute(handle, message, &position)
        while let current = name {
            let attribute = String(cString: current)
            if let values = ldap_get_values_len(handle, message, current) {
                var index = 0
                var list: [[UInt8]] = []
                while let value = values[index] {
                    let length = Int(value.pointee.bv_len)
                    if length > 0, let bytes = value.pointee.bv_val {
                        list.append(bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
                            Array(UnsafeBufferPointer(start: $0, count: length))
                        })
                    } else {
                        list.append([])
                    }
                    index += 1
                }
                ldap_value_free_len(values)
                attributes[attribute, default: []] += list
            }
            ldap_memfree(current)
            name = ldap_next_attribute(handle, message, position)
        }
        if position != nil { ber_free(position, 0) }
        return DirectoryEntry(dn: dn, attributes: attributes)
    }
}

/// A NULL-terminated `char *[]` of C strings, freed with the list.
final class CStringList {
    private var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }

    func withPointer<Result>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
        pointers.withUnsafeMutableBufferPointer { buffer in
            // The array always holds the terminating nil, so the buffer is never empty.
            body(buffer.baseAddress.unsafelyUnwrapped)
        }
    }
}
