#!/usr/bin/env bash
# Builds the local-cluster program (a kube-apiserver with embedded etcd) if
# needed and prints the absolute path of the binary on stdout, nothing else.
# The binary is cached under a key made from the program's sources, so a
# changed program is rebuilt and an unchanged one never is.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: build.sh [--help]

Builds src/test/local-cluster (kube-apiserver + embedded etcd) if its cached
binary is missing and prints the binary's absolute path on stdout.

Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/seccomp-sync/local-cluster-<key>/local-cluster
where <key> is a short sha256 of go.mod, go.sum and the *.go files.
Progress goes to stderr. Exit 3 if go is not installed.
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "build.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../../src/test/local-cluster" && pwd)"

if ! command -v go >/dev/null 2>&1; then
  echo "go not found: install Go 1.26 or newer and put it on PATH" >&2
  exit 3
fi

# The key covers everything that decides what gets built.
key="$(cd "$src" && cat go.mod go.sum $(LC_ALL=C ls -- *.go) | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/seccomp-sync/local-cluster-$key"
bin="$cache/local-cluster"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$cache"
# Parallel callers (tests start several servers at once) build only once:
# the first takes the lock, the others wait and then find the binary.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.lock"
  flock 9
  if [[ -x "$bin" ]]; then
    echo "$bin"
    exit 0
  fi
fi

# /version reports the Kubernetes release the program was built from.
k8s="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$src/go.mod")"
minor="$(echo "$k8s" | cut -d. -f2)"
pkg=k8s.io/component-base/version
ldflags="-s -X $pkg.gitVersion=$k8s -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"

echo "build.sh: building local-cluster (Kubernetes $k8s); the first build takes 5-25 minutes" >&2
start=$SECONDS
tmp="$(mktemp "$cache/local-cluster.tmp.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# Build to a temporary name and rename: a killed build leaves no half binary.
(cd "$src" && go build -trimpath -buildvcs=false -ldflags="$ldflags" -o "$tmp" .) >&2
mv -f "$tmp" "$bin"
trap - EXIT
echo "build.sh: built in $((SECONDS - start))s: $bin" >&2
echo "$bin"
