#!/usr/bin/env bash
# Start-up and memory of ./dailyfeed up, the current settings against the old ones, alternating in one session:
#   old: the java on PATH (JDK 17) with the C1 compiler alone and no start-up cache (DAILYFEED_OLD_JAVA_HOME),
#   new: what ./dailyfeed chooses (a JDK 25 with the start-up cache when installed) with its default JVM options.
# For each start: seconds from the command to its "dailyfeed is up" line, then, after 20 s at rest, the sum of
# the proportional set size (PSS, /proc/<pid>/smaps_rollup) of every process the launcher started, itself,
# Kafka and PostgreSQL (the postmaster and its children) included.
#   verification/bench/startup.sh [ROUNDS]        (default 3; jars built; ports 18080-18083, 19092-19093, 25432)
# One untimed start per side comes first: it makes each data folder and, on the new side, records the caches.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
old_java_home="${DAILYFEED_OLD_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
work="$(mktemp -d -t dailyfeed-startup-XXXXXX)"
trap 'rm -rf "$work"' EXIT

descendants() {
  local pid="$1" child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do descendants "$child"; done
}

# start once on data folder $2 (side $1), print "seconds pss_mib", stop
start_once() {
  local side="$1" data="$2" log="$work/$1.log" started pid seconds postmaster pss=0 kib process
  started="$(date +%s.%N)"
  if [[ "$side" == old ]]; then
    DAILYFEED_JAVA_HOME="$old_java_home" DAILYFEED_AOT_CACHE=off \
      DAILYFEED_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError" "$home/dailyfeed" up --data-dir "$data" \
      --port 18080 --member-port 18081 --content-port 18082 --activity-port 18083 --kafka-port 19092 \
      --pg-port 25432 --timeout 900 >"$log" 2>&1 &
  else
    "$home/dailyfeed" up --data-dir "$data" --port 18080 --member-port 18081 --content-port 18082 \
      --activity-port 18083 --kafka-port 19092 --pg-port 25432 --timeout 900 >"$log" 2>&1 &
  fi
  pid=$!
  until grep -q "dailyfeed is up" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  seconds="$(echo "$(date +%s.%N) - $started" | bc)"
  sleep 20
  postmaster="$(head -1 "$data/postgres/postmaster.pid")"
  for process in $(descendants "$pid") $(descendants "$postmaster"); do
    kib="$(awk '/^Pss:/ {print $2}' /proc/"$process"/smaps_rollup 2>/dev/null || true)"
    pss=$((pss + ${kib:-0}))
  done
  kill -TERM "$pid"
  wait "$pid" || true
  printf '%.1f %d\n' "$seconds" $((pss / 1024))
}

for side in old new; do start_once "$side" "$work/$side" >/dev/null; done
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    read -r seconds pss < <(start_once "$side" "$work/$side")
    echo "round $round $side startup_warm_seconds=$seconds startup_pss_mib=$pss load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
