#!/usr/bin/env bash
# Builds the benchmarks and runs them with settings fit for a small shared machine (2 cores), writing JMH's JSON,
# the full log, the heap footprint, the first compile in fresh JVMs and a markdown rendering of them to
# benchmarks/results/.
#
#   benchmarks/run.sh                          # everything (10-20 minutes on 2 cores)
#   benchmarks/run.sh 'Scenarios.rollout50'    # a JMH regex over the benchmark names (java -jar ... -l lists them)
#   benchmarks/run.sh Togglz -i 10 -r 2s       # extra JMH options override the benchmarks' own settings
#
# Each benchmark class sets its forks, warm-up and measurement in its annotations: 1 fork, 3 warm-up and 5
# measured iterations of 1 s, except CompileBenchmark (12 and 6: one compile takes most of a second). This script
# adds -prof gc (B/op). Each benchmark runs on 1 thread unless it says otherwise (ruleThenRollout2Threads).
# BENCHMARKS_SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar as it is.
set -euo pipefail

cd "$(dirname "$0")/.."
regex="${1:-.*}"
if [ $# -gt 0 ]; then shift; fi
extra=("$@")

jar=benchmarks/target/benchmarks.jar
results=benchmarks/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$results/$stamp.json"
log="$results/$stamp.log"
heap="$results/$stamp-heap.json"
cold="$results/$stamp-cold.json"
markdown="$results/$stamp.md"

say() { printf '[run.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

has_option() {   # has_option -f: whether the caller's extra options set it already
  local option
  for option in "${extra[@]+"${extra[@]}"}"; do
    if [ "$option" = "$1" ]; then return 0; fi
  done
  return 1
}

if [ "${BENCHMARKS_SKIP_BUILD:-0}" != 1 ]; then
  say "building the benchmarks module and what it depends on"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$results"

defaults=()
has_option -prof || defaults+=(-prof gc)

count="$(java -jar "$jar" -l "$regex" | grep -c '^[a-z]' || true)"
say "running $count benchmark methods matching '$regex' (each parameter set in its own JVM)"
say "JMH options: ${defaults[*]+"${defaults[*]}"} ${extra[*]+"${extra[*]}"}"
say "full log: $log"

# JMH's output goes to the log; the terminal gets the progress lines and the summary table. errexit is off for
# the pipeline so that a failing JMH is reported below instead of ending the script silently; the filters
# matching no line is no failure.
set +e
java -jar "$jar" "$regex" ${defaults[@]+"${defaults[@]}"} "${extra[@]+"${extra[@]}"}" -rf json -rff "$json" 2>&1 \
  | tee "$log" \
  | { grep --line-buffered -E '^# (Run progress|Benchmark:|Parameters:)|^Benchmark |^[A-Za-z][A-Za-z0-9_.:]* .* (avgt|thrpt|ss|sample) ' \
        | grep --line-buffered -vE 'gc\.(alloc\.rate |count|time)' || true; }
statuses=("${PIPESTATUS[@]}")
set -e
if [ "${statuses[0]}" != 0 ]; then
  say "JMH failed (exit ${statuses[0]}); see $log"
  exit "${statuses[0]}"
fi
if [ "${statuses[1]}" != 0 ]; then
  say "could not write the log $log (tee exit ${statuses[1]})"
  exit "${statuses[1]}"
fi

render=("$json")
if [[ "$regex" == '.*' || "$regex" == '.' || "$regex" =~ (Compile|scale) ]]; then
  say "measuring the heap a 10,000-flag client holds"
  java -cp "$jar" dev.flags.benchmarks.scale.HeapFootprint "$heap" || {
    status=$?
    say "HeapFootprint failed (exit $status)"
    exit "$status"
  }
  render+=("$heap")
  jvms=5
  say "timing the first compile of a 10,000-flag document in $jvms fresh JVMs per format"
  # Written to $cold.tmp and moved when complete: a failing JVM leaves no truncated $cold.
  {
    printf '{"benchmark": "ColdCompile", "flags": 10000, "results": {'
    separator=""
    for format in json yaml; do
      times=()
      for _ in $(seq "$jvms"); do
        ms="$(java -cp "$jar" dev.flags.benchmarks.scale.ColdCompile "$format")" || {
          status=$?
          say "ColdCompile $format failed (exit $status); $cold not written" >&2
          rm -f "$cold.tmp"
          exit "$status"
        }
        times+=("$ms")
      done
      say "  $format: ${times[*]} ms" >&2
      printf '%s"%s": [%s]' "$separator" "$format" "$(IFS=,; echo "${times[*]}")"
      separator=", "
    done
    printf '}}\n'
  } > "$cold.tmp"
  mv "$cold.tmp" "$cold"
  render+=("$cold")
fi

python3 benchmarks/render.py "${render[@]}" > "$markdown"
say "results: $json"
say "tables:  $markdown"
