import Foundation
import TestSupport

/// A throw-away CA and a server certificate for 127.0.0.1 / localhost, made with `openssl`
/// (P-256 keys: fast to generate). Files: `ca.pem`, `ca.key`, `server.pem`, `server.key`.
enum Certificates {
    static func make(in directory: URL) throws {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-days", "2", "-subj", "/CN=Tollbook Test CA", "-keyout", path("ca.key"), "-out", path("ca.pem"),
                     "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-subj", "/CN=localhost", "-keyout", path("server.key"), "-out", path("server.csr")])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                     "-CAcreateserial", "-days", "2", "-extfile", path("server.ext"), "-out", path("server.pem")])
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/openssl"), arguments)
        guard result.status == 0 else { throw SlapdError("openssl \(arguments[0]) failed: \(result.stderr)") }
    }
}
