#!/usr/bin/env bash
# Stops a local API server started by start.sh and removes its data.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: stop.sh --kubeconfig FILE

Sends SIGTERM to the local-cluster server whose pid is in FILE.pid, waits up
to 30 s for it to exit (then kills it), and removes FILE.pid and its data
directory. The kubeconfig and FILE.log are kept. Exits 0 if the server was
not running.
EOF
}

die() { echo "stop.sh: $*" >&2; exit 1; }
# True while $1 is a running local-cluster process; not for a zombie, nor for
# an unrelated process that was given the same pid later.
ours() {
  local st
  st="$(ps -o stat= -p "$1" 2>/dev/null)" && [[ "$st" != Z* ]] \
    && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -q 'local-cluster'
}

kubeconfig=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --kubeconfig)
      [[ $# -ge 2 && -n "$2" ]] || die "--kubeconfig needs a value (see --help)"
      kubeconfig="$2"; shift 2 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ -n "$kubeconfig" ]] || die "--kubeconfig FILE is required (see --help)"
pidfile="$kubeconfig.pid"

# Removes the data directory, but only one that looks like ours.
remove_data() {
  local dir="$kubeconfig.d"
  [[ -f "$kubeconfig.data-dir" ]] && dir="$(cat "$kubeconfig.data-dir")"
  if [[ -d "$dir" ]]; then
    if [[ -d "$dir/pki" || -d "$dir/etcd" || -z "$(ls -A "$dir")" ]]; then
      rm -rf -- "$dir"
    else
      echo "stop.sh: not removing $dir: it does not look like a local-cluster data directory" >&2
    fi
  fi
  rm -f "$pidfile" "$kubeconfig.data-dir"
}

pid="$(cat "$pidfile" 2>/dev/null || true)"
if [[ -z "$pid" ]] || ! ours "$pid"; then
  echo "stop.sh: no local-cluster server running for $kubeconfig" >&2
  remove_data
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 300); do
  ours "$pid" || break
  sleep 0.1
done
if ours "$pid"; then
  echo "stop.sh: pid $pid did not exit within 30s of SIGTERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 50); do ours "$pid" || break; sleep 0.1; done
fi
remove_data
echo "stop.sh: stopped local-cluster (pid $pid)" >&2
