#!/usr/bin/env bash
# Starts a local Kubernetes API server (kube-apiserver + embedded etcd on
# 127.0.0.1) in the background, then installs the Security Profiles Operator
# CRDs of one API generation into it.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: start.sh --kubeconfig FILE --spo-generation A|B|C [--data-dir DIR]

Starts kube-apiserver with an embedded etcd on 127.0.0.1 in the background,
waits until it is ready, then applies the Security Profiles Operator CRDs of
the given API generation (crds/generation-<a|b|c>/ beside this script) and
namespaces.yaml (if present), and waits until the CRDs are established.

  --kubeconfig FILE      kubeconfig to write; contexts "admin" (default,
                         system:masters) and "limited" (user
                         seccomp-sync-test, no groups). The server's log goes
                         to FILE.log, its pid to FILE.pid.
  --spo-generation G     A, B or C: which generation of CRDs to install
  --data-dir DIR         etcd data and credentials (default: FILE.d/); emptied
                         first if an earlier run left it behind
  -h, --help             show this help

Stop it with: stop.sh --kubeconfig FILE
Environment: LOCAL_CLUSTER_READY_TIMEOUT (seconds to wait, default 60).
EOF
}

die() { echo "start.sh: $*" >&2; exit 1; }
# True while $1 is a running local-cluster process. kill -0 is not enough: a
# child that exited is a zombie until reaped, and a stale pid may be reused.
ours() {
  local st
  st="$(ps -o stat= -p "$1" 2>/dev/null)" && [[ "$st" != Z* ]] \
    && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -q 'local-cluster'
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kubeconfig="" generation="" data_dir="" crds=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --kubeconfig|--spo-generation|--data-dir|--crds)
      [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value (see --help)"
      case "$1" in
        --kubeconfig) kubeconfig="$2" ;;
        --spo-generation) generation="$2" ;;
        --data-dir) data_dir="$2" ;;
        --crds) crds="$2" ;; # not in --help: a CRD directory to use instead
      esac
      shift 2 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ -n "$kubeconfig" ]] || die "--kubeconfig FILE is required (see --help)"
[[ -n "$generation" ]] || die "--spo-generation A|B|C is required (see --help)"
case "$generation" in
  A|a|B|b|C|c) gen="$(echo "$generation" | tr 'ABC' 'abc')" ;;
  *) die "--spo-generation must be A, B or C, not '$generation'" ;;
esac

crds="${crds:-$here/crds/generation-$gen}"
[[ -d "$crds" ]] || die "no CRDs for generation ${gen^^}: directory $crds does not exist"
command -v kubectl >/dev/null 2>&1 || die "kubectl not found on PATH"

# Absolute paths, so the background server does not depend on our cwd.
mkdir -p "$(dirname "$kubeconfig")"
kubeconfig="$(realpath -m "$kubeconfig")"
data_dir="$(realpath -m "${data_dir:-$kubeconfig.d}")"
pidfile="$kubeconfig.pid" log="$kubeconfig.log"

if [[ -f "$pidfile" ]] && ours "$(cat "$pidfile")"; then
  die "a server is already running for $kubeconfig (pid $(cat "$pidfile")); stop it with stop.sh --kubeconfig $kubeconfig"
fi
# Every start begins with an empty etcd: objects left by an earlier run that
# was never stopped (CRDs of another generation, say) would skew the tests.
if [[ -d "$data_dir" && -n "$(ls -A "$data_dir")" ]]; then
  [[ -d "$data_dir/pki" || -d "$data_dir/etcd" ]] \
    || die "--data-dir $data_dir is not empty and not a local-cluster data directory"
  rm -rf -- "$data_dir"
fi
mkdir -p "$data_dir"

bin="$("$here/build.sh")"

# A kubeconfig left from an earlier run would look like a ready server.
rm -f "$kubeconfig"
echo "$data_dir" > "$kubeconfig.data-dir" # tells stop.sh what to remove
started="$(date +%s%N)"
elapsed() { echo "$(( ($(date +%s%N) - started) / 1000000 ))ms"; }
nohup "$bin" --data-dir "$data_dir" --kubeconfig "$kubeconfig" </dev/null >"$log" 2>&1 &
pid=$!
echo "$pid" > "$pidfile"

# From here on, a failure stops the server again (if it still runs) and
# removes its data and kubeconfig, rather than leaving it half set up.
fail() {
  echo "start.sh: $*" >&2
  "$here/stop.sh" --kubeconfig "$kubeconfig" >/dev/null 2>&1 || true
  rm -f "$kubeconfig"
  exit 1
}
fail_with_log() {
  echo "start.sh: last lines of $log:" >&2
  tail -n 30 "$log" >&2
  fail "$*"
}

timeout="${LOCAL_CLUSTER_READY_TIMEOUT:-60}"
deadline=$((SECONDS + timeout))
until grep -q '^ready ' "$log" 2>/dev/null && [[ -f "$kubeconfig" ]]; do
  ours "$pid" || fail_with_log "the server exited before it was ready (log: $log)"
  (( SECONDS < deadline )) || fail_with_log "the server was not ready after ${timeout}s (log: $log)"
  sleep 0.2
done
server="$(sed -n 's/^ready //p' "$log" | head -n 1)"
echo "start.sh: API server ready at $server after $(elapsed)" >&2

k() { kubectl --kubeconfig "$kubeconfig" --context admin "$@"; }
# Server-side apply: large CRDs do not fit the client-side annotation.
k apply --server-side --force-conflicts --field-manager=local-cluster -R -f "$crds" >&2 \
  || fail "applying the CRDs in $crds failed"
if [[ -f "$here/namespaces.yaml" ]]; then
  k apply --server-side --force-conflicts --field-manager=local-cluster -f "$here/namespaces.yaml" >&2 \
    || fail "applying $here/namespaces.yaml failed"
fi
k wait --for condition=established --timeout=30s crd --all >&2 \
  || fail "the CRDs in $crds were not established within 30s"

cat <<EOF
Local cluster (SPO generation ${gen^^}) running at $server (pid $pid), ready in $(elapsed).
  kubectl --kubeconfig $kubeconfig get crd
  kubectl --kubeconfig $kubeconfig --context limited get pods   # user seccomp-sync-test, no groups
  export KUBECONFIG=$kubeconfig
Log: $log
Stop: $here/stop.sh --kubeconfig $kubeconfig
EOF
