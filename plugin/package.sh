#!/usr/bin/env bash
# Builds the krew archive: the launcher and the jar, side by side, and prints its sha256.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-v0.1.0}"
out="$root/target/krew"
[[ -f "$root/target/seccomp-sync.jar" ]] || (cd "$root" && mvn -B -q package -DskipTests)
rm -rf "$out" && mkdir -p "$out/stage"
cp "$root/plugin/kubectl-seccomp_sync" "$root/target/seccomp-sync.jar" "$out/stage/"
tar -C "$out/stage" -czf "$out/seccomp-sync-$version.tar.gz" .
sha256sum "$out/seccomp-sync-$version.tar.gz"
