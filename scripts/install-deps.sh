#!/usr/bin/env bash
# Installs the Debian packages Tollbook needs to build, test and run, if any are missing.
# Safe to run again: it installs nothing when everything is there.
set -euo pipefail

# slapd, ldap-utils and openssl: the directory tests start their own slapd on loopback with a
# throw-away CA (Tests/DirectoryTests); libldap-dev: the CLDAP target links libldap and liblber.
# libssh-dev, libcurl4-openssl-dev: the file transports (CSSH, CCurl); openssh-server, openssh-client,
# sshpass, python3-pyftpdlib, vsftpd: their tests run sftp/sshd, an FTP and an FTPS server on loopback.
# zlib1g-dev: the journal's checksums (CZlib); curl: the capture tests post HTTP bodies with it;
# systemd: systemd-analyze checks the units in packaging/; sqlite3: the capture tests read the store with it.
# libhpdf-dev: PDF documents (CHaru); poppler-utils: the document tests read PDFs with pdftotext and pdfinfo.
# libssl-dev: the store's bulk AES-256-GCM sealing and blind index (COpenSSL).
# python3-aiosmtpd: the mail tests run a real SMTP server (STARTTLS, AUTH) on loopback.
# libxlsxwriter-dev: XLSX workbooks (CXlsxWriter); unzip: the report tests read the workbooks back.
# python3-venv: benchmarks/analytics_bench.py installs DuckDB (PyPI) into a venv under bench-out/.
packages=(libsqlite3-dev gcc make python3 libldap-dev slapd ldap-utils openssl
          libssh-dev libcurl4-openssl-dev openssh-server openssh-client sshpass python3-pyftpdlib vsftpd
          zlib1g-dev curl systemd sqlite3 libhpdf-dev poppler-utils libssl-dev libxlsxwriter-dev unzip
          python3-aiosmtpd python3-venv)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing missing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    if [[ " ${missing[*]} " == *" slapd "* ]]; then
        # No system directory: slapd's package then neither creates a database nor starts a
        # server on port 389. The tests run their own.
        echo "slapd slapd/no_configuration boolean true" | $sudo debconf-set-selections
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "note: swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "error: no Swift toolchain found (Swift 6.3 or newer is needed: https://www.swift.org/install/linux/)" >&2
        exit 1
    fi
fi
