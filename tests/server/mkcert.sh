#!/bin/sh
# mkcert.sh DIR -- self-signed cert for the msntty test server (CN=localhost,
# SAN IP:127.0.0.1,DNS:localhost, RSA 2048, 10 days) into DIR/cert.pem, DIR/key.pem.
# Idempotent: does nothing if both files exist and the cert is valid for >1 hour.
set -eu
dir=${1:-$(dirname "$0")}
mkdir -p "$dir"
cert="$dir/cert.pem"
key="$dir/key.pem"
if [ -f "$cert" ] && [ -f "$key" ] && openssl x509 -checkend 3600 -noout -in "$cert" >/dev/null 2>&1; then
    echo "mkcert: $cert still valid"
    exit 0
fi
tmp=$(mktemp -d "$dir/.mkcert.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 10 \
    -subj "/CN=localhost" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
chmod 600 "$tmp/key.pem"
chmod 644 "$tmp/cert.pem"
mv -f "$tmp/key.pem" "$key"
mv -f "$tmp/cert.pem" "$cert"
echo "mkcert: wrote $cert and $key"
