#!/usr/bin/env bash
# A new user's first start: git clone, then ./dailyfeed up with an empty Maven cache and no Maven of its own (the
# wrapper downloads Maven, the build everything it needs from Maven Central), to its "dailyfeed is up" line.
#   verification/bench/fresh-clone-start.sh [ROUNDS] [COMMIT]   (default 1 and HEAD; commit first: it clones)
# Prints startup_fresh_clone_seconds per round and what the build downloaded; each round then stops the stack, waits
# for the start-up caches to be written (as a user's first stop does) and deletes its folder. Ports 18080-18083,
# 19092 and 25432, as startup.sh.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-1}"
commit="${2:-HEAD}"

for round in $(seq 1 "$rounds"); do
  work="$(mktemp -d -t dailyfeed-fresh-clone-XXXXXX)"
  git clone -q "$home" "$work/dailyfeed"
  git -C "$work/dailyfeed" checkout -q "$commit"
  started="$(date +%s.%N)"
  (cd "$work/dailyfeed" && MAVEN_USER_HOME="$work/maven-home" MAVEN_ARGS="-Dmaven.repo.local=$work/repository" \
    ./dailyfeed up --data-dir "$work/data" --port 18080 --member-port 18081 --content-port 18082 \
    --activity-port 18083 --kafka-port 19092 --pg-port 25432 --timeout 900 >"$work/up.log" 2>&1) &
  pid=$!
  until grep -q "dailyfeed is up" "$work/up.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
    sleep 0.2
  done
  seconds="$(echo "$(date +%s.%N) - $started" | bc)"
  # the launcher is the subshell's child (exec'd by ./dailyfeed); TERM stops it as Ctrl-C would
  pkill -TERM -f -- "--data-dir $work/data" || true
  wait "$pid" || true
  printf 'round %d startup_fresh_clone_seconds=%.1f downloaded_mib=%d commit=%s load=%s\n' "$round" "$seconds" \
    "$(du -sm "$work/repository" | cut -f1)" "$(git -C "$work/dailyfeed" rev-parse --short HEAD)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$work"
done
