#!/usr/bin/env bash
# One million persistent 1 KiB messages in one durable queue of a mq-broker whose heap is 512 MiB:
# does it keep up, does it survive kill -9 with all of them, and how long does the restart take?
#
# Usage: bench/e2e/mq-million.sh [--messages N] [--no-build] [--port P] [--heap SIZE]
# Needs Debian's python3-pika for the queue counts.
# Environment: MVN_FLAGS (extra build flags).
#
# Steps, each printed with its figures:
#   1. start ./tierkit mq-broker with -Xmx512m on a fresh data directory;
#   2. PerfTest publishes N persistent 1000-byte messages with confirms (window 1000) to the
#      durable queue "million", no consumer; prints the publish rate and the broker's heap after
#      a full GC (jcmd GC.heap_info) and RSS;
#   3. kill -9 the broker, start it again on the same directory: time to "ready" (the log
#      replay included) and the recovery line the broker logs;
#   4. the queue's ready count (read with pika) must be N; PerfTest consumes them all.
# Results go to bench/results/mq-million-<UTC timestamp>.txt.
#
# What could make the numbers lie: the restart time includes JVM start (about 0.5 s here); the
# log replay reads N KiB from the page cache, which is warm right after step 2 (a cold cache after
# a reboot reads from disk, at the disk's speed).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh

messages=1000000 build=1 port=25800 heap=512m
while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) messages="$2"; shift ;;
    --no-build) build=0 ;;
    --port) port="$2"; shift ;;
    --heap) heap="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
exec > >(tee "bench/results/mq-million-$stamp.txt") 2>&1

if [[ $build == 1 ]]; then
  ./mvnw -q -B ${MVN_FLAGS:-} -DskipTests package -pl dist -am
fi
jar=dist/target/tierkit.jar
work="$(mktemp -d /tmp/mq-million.XXXXXX)"
pid=""
cleanup() { if [[ -n $pid ]]; then stop_server "$pid"; fi; rm -rf "$work"; }
trap cleanup EXIT

perf_cp="$(perftest_classpath "$work/perftest")"

start_broker() { # log file
  java "-Xmx$heap" -Dio.netty.leakDetection.level=disabled -jar "$jar" mq-broker \
    --bind 127.0.0.1 --port "$port" --admin-port -1 --data-dir "$work/data" > "$1" 2>&1 &
  pid=$!
}

echo "# $messages persistent 1000-byte messages, mq-broker -Xmx$heap, $(nproc) cores, $(date -u)"
start_broker "$work/first.log"
wait_port "$port"
t0=$(date +%s.%N)
java -cp "$perf_cp" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$port" \
  -x 1 -y 0 -s 1000 -f persistent -c 1000 -C "$messages" -u million -ad false 2>&1 |
  grep -E 'sending rate avg|confirm latency min' || true
t1=$(date +%s.%N)
echo "published in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
jcmd "$pid" GC.run >/dev/null 2>&1 || true
echo "broker heap after a full GC: $(jcmd "$pid" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1)"
echo "broker RSS: $(awk '/VmRSS/ { print $2 " kB" }' "/proc/$pid/status")"
echo "data directory: $(du -sh "$work/data" | cut -f1)"

kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
pid=""
t2=$(date +%s.%N)
start_broker "$work/restart.log"
for _ in $(seq 1200); do grep -q ' ready in ' "$work/restart.log" && break; sleep 0.05; done
t3=$(date +%s.%N)
echo "restart after kill -9: ready $(awk -v a="$t2" -v b="$t3" 'BEGIN { printf "%.2f", b - a }') s after launch (JVM start included)"
grep -E 'recovered|replayed|ready in' "$work/restart.log" | tail -3

count_ready() {
  /usr/bin/python3 - "$port" <<'PY'
import sys, pika
c = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", int(sys.argv[1])))
print(c.channel().queue_declare("million", passive=True).method.message_count)
c.close()
PY
}
echo "ready in the queue after restart: $(count_ready) (expected $messages)"
timeout 600 java -cp "$perf_cp" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$port" \
  -x 0 -y 1 -q 1000 -u million -ad false -p -D "$messages" 2>&1 | grep -E 'receiving rate avg' || true
echo "left in the queue after consuming: $(count_ready)"
echo "broker logs: $(cat "$work/first.log" "$work/restart.log" | grep -c ERROR || true) ERROR lines"
