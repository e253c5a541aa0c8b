#!/usr/bin/env bash
# tierkit mq-broker against RabbitMQ, side by side on loopback, driven by RabbitMQ's PerfTest in
# the same run.
#
# Usage: bench/e2e/mq-vs-rabbitmq.sh [options]
#   --quick          1 round of 15 s per scenario, 10 s warm-up (~3 min; the default ~8 min)
#   --rounds R       rounds (default 3), alternating which broker goes first
#   --duration S     measured seconds per PerfTest run (default 30; --quick 15)
#   --warmup S       unmeasured seconds of load each broker gets first (default 15; --quick 10)
#   --size B         message body bytes (default 1000)
#   --no-build       use the jar already in dist/target
#   --port P         first of the private ports (default 25700): RabbitMQ AMQP P, its
#                    distribution port P+1, its epmd P+2, tierkit P+10
# Environment: TIERKIT_JAVA_OPTS (JVM flags of mq-broker, as for ./tierkit), MVN_FLAGS.
#
# Needs rabbitmq-server (Debian package; installed with apt-get when missing) and fetches
# PerfTest (com.rabbitmq:perf-test, the version in the parent pom) with Maven. Results (everything
# printed) go to bench/results/mq-vs-rabbitmq-<UTC timestamp>.txt.
#
# What is measured
# - Two scenarios, each one PerfTest run per broker per round with 1 producer and 1 consumer on a
#   fresh queue, consumer acks on (auto-ack off), prefetch 500, 1000-byte bodies:
#     transient  non-persistent messages, no confirms (queue non-durable)
#     durable    persistent messages, publisher confirms with a window of 500 (-c 500), durable
#                queue; the broker confirms only after the message is on disk (tierkit's default
#                --fsync batch; RabbitMQ's default fsync behaviour for durable queues)
# - Printed per run: PerfTest's average sending and receiving rates (msg/s), for durable its
#   confirm latency median and p99 (µs), and the broker's CPU per received message in
#   microseconds (utime + stime of its process over the run / messages received).
# - Medians over rounds, then the ratios tierkit/RabbitMQ: rates above 1 are better for tierkit,
#   latency and CPU below 1 are.
#
# What could make the numbers lie
# - Two cores carry PerfTest (a JVM with a producer and a consumer thread) and the broker at once:
#   a broker's rate is bounded by what PerfTest leaves it, hence the CPU per message beside it.
# - A JVM is slow until the JIT has compiled the hot paths: each broker gets --warmup seconds of
#   the transient load first (RabbitMQ gets the same, unneeded).
# - Receiving rate is what a broker sustains end to end; a sending rate above it means the queue
#   grew during the run. tierkit slows publishers whose queue falls more than 4096 messages behind
#   its consumers, RabbitMQ applies its credit flow: both keep send and receive close.
# - The durable figures depend on the disk's fsync latency, which both brokers pay the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh

rounds=3 duration=30 warmup=15 size=1000 build=1 port=25700
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) rounds=1 duration=15 warmup=10 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --size) size="$2"; shift ;;
    --no-build) build=0 ;;
    --port) port="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

install_missing rabbitmq-server=rabbitmq-server

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/mq-vs-rabbitmq-$stamp.txt"
exec > >(tee "$results_file") 2>&1

if [[ $build == 1 ]]; then
  ./mvnw -q -B ${MVN_FLAGS:-} -DskipTests package -pl dist -am
fi
jar=dist/target/tierkit.jar
work="$(mktemp -d /tmp/mq-bench.XXXXXX)"
chmod 755 "$work"
pids=()
rabbit_pid=""
cleanup() {
  for p in "${pids[@]}"; do stop_server "$p"; done
  if [[ -n $rabbit_pid ]]; then stop_server "$rabbit_pid"; fi
  if [[ -n ${epmd_pid:-} ]]; then stop_server "$epmd_pid"; fi
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

perf_version="$(perftest_version)"
perf_cp="$(perftest_classpath "$work/perftest")"

for p in $port $((port + 1)) $((port + 2)) $((port + 10)); do
  if ss -Hltn "sport = :$p" | grep -q .; then echo "port $p is in use; pick others with --port" >&2; exit 1; fi
done

# RabbitMQ, privately: its own node name, ports, epmd, data and log directories.
rabbit_port=$port
mkdir -p "$work/rabbit/mnesia" "$work/rabbit/log"
echo '[].' > "$work/rabbit/enabled_plugins"
if [[ "$(id -u)" == 0 ]] && id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq "$work/rabbit"; fi
export RABBITMQ_NODENAME="tkbench$port@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
  RABBITMQ_NODE_PORT=$rabbit_port RABBITMQ_DIST_PORT=$((port + 1)) ERL_EPMD_PORT=$((port + 2)) \
  RABBITMQ_MNESIA_BASE="$work/rabbit/mnesia" RABBITMQ_LOG_BASE="$work/rabbit/log" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$work/rabbit/enabled_plugins" \
  HOME="$work/rabbit"
rabbitmq-server > "$work/rabbit/out.log" 2>&1 &
pids+=($!)
wait_port "$rabbit_port" || { tail -20 "$work/rabbit/out.log"; exit 1; }
# The Debian wrapper starts the Erlang VM under another user; the VM is the process listening on
# the private AMQP port, and its epmd (which daemonizes) the one on the private epmd port.
listener_pid() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2 || true; }
rabbit_pid="$(listener_pid "$rabbit_port")"
[[ -n $rabbit_pid ]] || { echo "cannot find RabbitMQ's process" >&2; exit 1; }
epmd_pid="$(listener_pid $((port + 2)))"
rabbit_version="$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?')"

# tierkit mq-broker on its own data directory, all cores.
tk_port=$((port + 10))
java ${TIERKIT_JAVA_OPTS:--Dio.netty.leakDetection.level=disabled} -jar "$jar" mq-broker \
  --bind 127.0.0.1 --port "$tk_port" --admin-port -1 --data-dir "$work/tierkit" \
  > "$work/tierkit.log" 2>&1 &
tk_pid=$!
pids+=($tk_pid)
wait_port "$tk_port" || { tail -20 "$work/tierkit.log"; exit 1; }

broker_port() { [[ $1 == tierkit ]] && echo "$tk_port" || echo "$rabbit_port"; }
broker_pid() { [[ $1 == tierkit ]] && echo "$tk_pid" || echo "$rabbit_pid"; }

# One PerfTest run: broker scenario queue seconds -> "send recv confirm_median confirm_p99 cpu_us"
perftest() {
  local broker="$1" scenario="$2" queue="$3" seconds="$4" flags=() pid before after out
  case "$scenario" in
    transient) flags=() ;;
    durable) flags=(-f persistent -c 500) ;;
  esac
  pid="$(broker_pid "$broker")"
  before="$(cpu_ticks "$pid")"
  out="$(java -cp "$perf_cp" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$(broker_port "$broker")" \
    -x 1 -y 1 -s "$size" -q 500 -u "$queue" -ad true -z "$seconds" "${flags[@]}" 2>&1)"
  after="$(cpu_ticks "$pid")"
  local send recv cmed cp99
  send="$(sed -n 's/.*sending rate avg: \([0-9]*\) msg\/s.*/\1/p' <<<"$out")"
  recv="$(sed -n 's/.*receiving rate avg: \([0-9]*\) msg\/s.*/\1/p' <<<"$out")"
  read -r cmed cp99 < <(sed -n 's/.*confirm latency min\/median\/75th\/95th\/99th [0-9]*\/\([0-9]*\)\/[0-9]*\/[0-9]*\/\([0-9]*\) .*/\1 \2/p' <<<"$out" | tail -1; echo)
  local cpu
  cpu="$(awk -v t=$((after - before)) -v r="${recv:-0}" -v s="$seconds" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (r == 0) print "-"; else printf "%.1f\n", t * 1e6 / hz / (r * s) }')"
  echo "${send:--} ${recv:--} ${cmed:--} ${cp99:--} $cpu"
}

echo "# mq-broker vs RabbitMQ ${rabbit_version:-?}, PerfTest $perf_version, $(nproc) cores, $(date -u)"
echo "# $rounds rounds x ${duration}s, bodies $size bytes, 1 producer, 1 consumer, prefetch 500"
for broker in tierkit rabbitmq; do
  echo "warm-up: $broker, ${warmup}s of transient load"
  perftest "$broker" transient "warmup-$broker" "$warmup" >/dev/null
done

declare -A send recv cmed cp99 cpu
printf '%-8s %-10s %-9s %10s %10s %12s %12s %10s\n' round scenario broker "send/s" "recv/s" "confirm-med" "confirm-p99" "cpu-us/msg"
for round in $(seq "$rounds"); do
  order=(tierkit rabbitmq)
  (( round % 2 == 0 )) && order=(rabbitmq tierkit)
  for scenario in transient durable; do
    for broker in "${order[@]}"; do
      read -r s r m p c < <(perftest "$broker" "$scenario" "bench-$scenario-$round-$broker" "$duration")
      key="$scenario/$broker"
      send[$key]+="$s " recv[$key]+="$r " cmed[$key]+="$m " cp99[$key]+="$p " cpu[$key]+="$c "
      printf '%-8s %-10s %-9s %10s %10s %12s %12s %10s\n' "$round" "$scenario" "$broker" "$s" "$r" "$m" "$p" "$c"
    done
  done
done

echo
echo "# medians over $rounds rounds, and tierkit/RabbitMQ"
printf '%-10s %-9s %10s %10s %12s %12s %10s\n' scenario broker "send/s" "recv/s" "confirm-med" "confirm-p99" "cpu-us/msg"
for scenario in transient durable; do
  declare -A med=()
  for broker in tierkit rabbitmq; do
    key="$scenario/$broker"
    med[$broker.s]="$(median ${send[$key]})" med[$broker.r]="$(median ${recv[$key]})"
    med[$broker.m]="$(median ${cmed[$key]})" med[$broker.p]="$(median ${cp99[$key]})"
    med[$broker.c]="$(median ${cpu[$key]})"
    printf '%-10s %-9s %10s %10s %12s %12s %10s\n' "$scenario" "$broker" "${med[$broker.s]}" "${med[$broker.r]}" "${med[$broker.m]}" "${med[$broker.p]}" "${med[$broker.c]}"
  done
  printf '%-10s %-9s %10s %10s %12s %12s %10s\n' "$scenario" ratio \
    "$(ratio "${med[tierkit.s]}" "${med[rabbitmq.s]}")" "$(ratio "${med[tierkit.r]}" "${med[rabbitmq.r]}")" \
    "$(ratio "${med[tierkit.m]}" "${med[rabbitmq.m]}")" "$(ratio "${med[tierkit.p]}" "${med[rabbitmq.p]}")" \
    "$(ratio "${med[tierkit.c]}" "${med[rabbitmq.c]}")"
done
echo "results: $results_file"
