#!/usr/bin/env bash
# Benchmarks a no-op `seccomp-sync drift` at scale next to `kubectl diff
# --server-side`, on local API servers started for the purpose. See README.md
# beside this script.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: src/test/bench/run.sh [options] [N...]

For each N (default: 100 1000, plus 10000 with --large or when the machine
has at least 2 cores and 20 GiB of memory), starts a local kube-apiserver
with the SPO generation-C CRDs, writes N SeccompProfiles into a Git
repository, applies them with seccomp-sync, then times a no-op drift
(in-process and as `java -jar target/seccomp-sync.jar`) and
`kubectl diff --server-side` on that server. Prints the figures and writes
them to target/bench/results.txt (and results.tsv).

  --large              include N = 10000 whatever the machine
  --no-large           leave N = 10000 out whatever the machine
  --repeats R          timed runs per tool below N = 5000 (default 3)
  --large-repeats R    timed runs per tool from N = 5000 (default 1)
  --profile            also time the engine's steps one by one and record a
                       JDK Flight Recorder profile of the in-process drift
                       (target/bench/n-N/drift.jfr), summarised in the output
  --keep-servers       leave each size's API server running, seeded, for
                       runs by hand (the output says how to stop it)
  --no-build           use the existing target/ build
  -h, --help           show this help

Needs: java 17, mvn, kubectl, diff, and go for the first build of the local
API server (examples/local-cluster/). Exit 0 when every run was a no-op,
1 when a no-op check failed, 2 on a usage or setup error.
EOF
}

die() { echo "run.sh: $*" >&2; exit 2; }

root="$(cd "$(dirname "$0")/../../.." && pwd)"
sizes=() large="auto" repeats=3 large_repeats=1 extra=() build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --large) large=yes; shift ;;
    --no-large) large=no; shift ;;
    --repeats|--large-repeats)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive number"
      if [[ "$1" == --repeats ]]; then repeats="$2"; else large_repeats="$2"; fi
      shift 2 ;;
    --profile|--keep-servers) extra+=("$1"); shift ;;
    --no-build) build=0; shift ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      [[ "$1" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, got $1"
      sizes+=("$1"); shift ;;
  esac
done

for tool in java kubectl diff; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done
[[ $build -eq 0 ]] || command -v mvn >/dev/null || die "mvn is not on PATH"

if [[ ${#sizes[@]} -eq 0 ]]; then
  sizes=(100 1000)
  cores="$(nproc)"
  mem_kib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
  if [[ "$large" == yes ]] \
    || [[ "$large" == auto && "$cores" -ge 2 && "$mem_kib" -ge $((20 * 1024 * 1024)) ]]; then
    sizes+=(10000)
  fi
fi

cd "$root"
mkdir -p target/bench
classpath_file=target/bench/classpath.txt
if [[ $build -eq 1 ]]; then
  echo "run.sh: building (mvn package -DskipTests)" >&2
  mvn -B -q package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
fi
[[ -f target/seccomp-sync.jar && -d target/test-classes && -f "$classpath_file" ]] \
  || die "no build in target/; run without --no-build"

label="commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "unknown (no Git)")"
if [[ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -1)" ]]; then
  label+=" + uncommitted changes"
fi

joined="$(IFS=,; echo "${sizes[*]}")"
echo "run.sh: N = ${sizes[*]}; results in target/bench/results.txt" >&2
# A fixed heap, so that peak heap figures compare between machines; the JFR
# stack depth is raised so that deep Jackson stacks keep their callers.
set +e
java -Xmx4g -XX:FlightRecorderOptions:stackdepth=512 \
  -cp "target/classes:target/test-classes:$(cat "$classpath_file")" \
  dev.seccompsync.bench.DriftBenchmark \
  --project "$root" --sizes "$joined" --repeats "$repeats" \
  --large-repeats "$large_repeats" --label "$label" "${extra[@]}"
status=$?
set -e
exit $status
