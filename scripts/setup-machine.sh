#!/usr/bin/env bash
# Prepares a fresh Debian (12+) or Fedora machine to build and test Ticket Tray: the MIT Kerberos
# tools and KDC the tests run against, the headers the `kerberos` addon builds with, then `npm ci`.
# Usage: scripts/setup-machine.sh        (uses sudo for the system packages when not root)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if command -v apt-get >/dev/null 2>&1; then
  # krb5-kdc, krb5-admin-server: the throwaway test KDC; krb5-user: kinit, klist, kswitch, kdestroy;
  # krb5-pkinit: anonymous PKINIT (Fedora's FAST armor); krb5-otp: the KDC's OTP module;
  # libkrb5-dev: gssapi.h for building the kerberos addon; keyutils: keyctl, which the tests use to
  # remove the empty session keyrings that kdestroy -A leaves behind; chromium: the end-to-end
  # tests drive the renderer in it; desktop-file-utils: desktop-file-validate for packaging tests;
  # zsh, fish, mandoc, man-db: the CLI tests run its completion scripts and lint its man page.
  # The Fedora-like test realm: sssd-kcm (KCM caches), python3-kdcproxy (the KDC behind HTTPS) and
  # krb5-k5tls (MIT's TLS plugin, without which kinit cannot use an https:// KDC).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    krb5-kdc krb5-admin-server krb5-user krb5-pkinit krb5-otp libkrb5-dev \
    keyutils openssl ca-certificates g++ make python3 chromium desktop-file-utils \
    zsh fish mandoc man-db sssd-kcm python3-kdcproxy krb5-k5tls
elif command -v dnf >/dev/null 2>&1; then
  # krb5-server carries the KDC, kadmin.local and the OTP module on Fedora; krb5-libs carries the
  # TLS plugin the KdcProxy needs; sssd-kcm and python3-kdcproxy serve the Fedora-like test realm.
  as_root dnf install -y krb5-server krb5-workstation krb5-pkinit krb5-devel krb5-libs keyutils \
    openssl gcc-c++ make python3 nodejs npm chromium desktop-file-utils sssd-kcm python3-kdcproxy \
    zsh fish mandoc man-db
else
  echo "setup-machine: neither apt-get nor dnf found; install the MIT Kerberos KDC, client tools, PKINIT and OTP plugins and krb5 headers by hand" >&2
  exit 1
fi

npm ci
