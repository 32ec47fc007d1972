#!/usr/bin/env bash
# Installs a release build of Tollbook as a systemd service (run as root from the repository,
# after `make release`):
#   /opt/tollbook/bin              tollbook and the bundled connector plugins
#   /etc/tollbook/tollbook.yaml    the configuration (an example is copied if there is none)
#   /var/lib/tollbook              journal, store, SFTP host keys (service.data_directory)
#   /var/spool/tollbook            spool folders
#   tollbook-capture.service and tollbook.target, enabled and started.
# Set DESTDIR to stage the files somewhere else (nothing is enabled then), RELEASE_DIR to take
# the binaries from another build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root="${DESTDIR:-}"
release="${RELEASE_DIR:-.build/release}"
[ -x "$release/tollbook" ] || { echo "error: no release build; run 'make release' first" >&2; exit 1; }

install -d "$root/opt/tollbook/bin" "$root/etc/tollbook" "$root/etc/systemd/system" \
           "$root/var/lib/tollbook" "$root/var/spool/tollbook"
install -m 0755 "$release/tollbook" "$root/opt/tollbook/bin/tollbook"
for plugin in "$release"/libTollbook*.so; do install -m 0644 "$plugin" "$root/opt/tollbook/bin/"; done
install -m 0644 packaging/systemd/tollbook-capture.service packaging/systemd/tollbook.target "$root/etc/systemd/system/"
if [ ! -e "$root/etc/tollbook/tollbook.yaml" ]; then
    install -m 0640 packaging/tollbook.yaml "$root/etc/tollbook/tollbook.yaml"
fi
mkdir -p "$root/etc/tollbook/tariffs" && cp -n tariffs/*.ini "$root/etc/tollbook/tariffs/" 2>/dev/null || true

if [ -z "$root" ]; then
    getent group tollbook >/dev/null || groupadd --system tollbook
    getent passwd tollbook >/dev/null || useradd --system --gid tollbook --home-dir /var/lib/tollbook --shell /usr/sbin/nologin tollbook
    chown -R tollbook:tollbook /var/lib/tollbook /var/spool/tollbook
    chgrp tollbook /etc/tollbook/tollbook.yaml
    systemctl daemon-reload
    systemctl enable --now tollbook.target tollbook-capture.service
    systemctl --no-pager status tollbook-capture.service || true
fi
