#!/usr/bin/env bash
# The main job end to end on the embedded default: builds seccomp-sync and the local API server,
# starts the server (SPO generation C), makes a Git repository from policies/, and then runs
#   diff (creates, exit 1) -> apply -> diff (exit 0) -> kubectl edit (out of band)
#   -> drift (shows it) -> apply (heals it) -> drift (clean)
# and stops the server. Every step prints the command it runs and its exit code.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/seccomp-sync-demo.XXXXXX")"
kubeconfig="$work/kubeconfig"
export PATH="$root/plugin:$PATH"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() {
  step "$*"
  local status=0
  "$@" || status=$?
  echo "(exit $status)"
  return 0
}
expect() {
  local want="$1"; shift
  step "$*"
  local status=0
  "$@" || status=$?
  echo "(exit $status)"
  if [[ "$status" != "$want" ]]; then
    echo "demo: expected exit $want from: $*" >&2
    exit 1
  fi
}
cleanup() {
  "$root/examples/local-cluster/stop.sh" --kubeconfig "$kubeconfig" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -f "$root/target/seccomp-sync.jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$root/target/seccomp-sync.jar" -print -quit)" ]]; then
  step "mvn -B -q package -DskipTests"
  (cd "$root" && mvn -B -q package -DskipTests)
fi

step "examples/local-cluster/start.sh --kubeconfig $kubeconfig --spo-generation C"
"$root/examples/local-cluster/start.sh" --kubeconfig "$kubeconfig" --spo-generation C
export KUBECONFIG="$kubeconfig"

step "git init $work/policies (a copy of policies/)"
cp -r "$root/policies" "$work/policies"
git -C "$work/policies" init -q -b main
git -C "$work/policies" add .
git -C "$work/policies" -c user.name=demo -c user.email=demo@example.com commit -q -m "Policies"
repo="$work/policies"

expect 1 kubectl seccomp-sync diff --repo "$repo"
expect 0 kubectl seccomp-sync apply --repo "$repo"
expect 0 kubectl seccomp-sync diff --repo "$repo"

# A person loosens a profile by hand, the way people do.
step "KUBE_EDITOR='sed -i s/SCMP_ACT_ERRNO/SCMP_ACT_LOG/' kubectl edit seccompprofile web-server"
KUBE_EDITOR="sed -i s/defaultAction:\ SCMP_ACT_ERRNO/defaultAction:\ SCMP_ACT_LOG/" \
  kubectl edit seccompprofiles.security-profiles-operator.x-k8s.io web-server

# No operator runs on the local server, so no profile is ever Installed; leave that out here.
expect 1 kubectl seccomp-sync drift --repo "$repo" --ignore not-installed
expect 0 kubectl seccomp-sync apply --repo "$repo"
expect 0 kubectl seccomp-sync drift --repo "$repo" --ignore not-installed
run kubectl get seccompprofiles.security-profiles-operator.x-k8s.io web-server -o jsonpath='{.spec.defaultAction}{"\n"}'

echo
echo "demo: done; the local API server is stopped and $work removed"
