#!/usr/bin/env bash
# Times a reconcile pass over the watch cache next to a fresh in-process drift of the same state,
# and the heal latency of an out-of-band edit, on a local API server started for the purpose.
# Usage: src/test/bench/reconcile.sh [N...]   (default: 100 1000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
mvn -B -q test-compile -Dspotless.check.skip=true
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
exec java -Xmx4g -Dseccompsync.projectDir="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" dev.seccompsync.bench.ReconcileBenchmark "$@"
