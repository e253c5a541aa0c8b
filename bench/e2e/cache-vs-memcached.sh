#!/usr/bin/env bash
# tierkit cache-server against memcached, side by side on loopback, in one run.
#
# Usage: bench/e2e/cache-vs-memcached.sh [options]
#   --quick            1 round, 3 s per load, 3+3 s server warm-up, RSS with 1,000,000 items as
#                      in a full run (~2 min; the default run takes ~6-7 min)
#   --rounds R         rounds of the throughput comparison (default 3)
#   --duration S       measured seconds per load run (default 10; --quick 3)
#   --server-warmup S  unmeasured seconds of load at pipeline 16 and then 1 that each fresh server
#                      gets before the measured loads (default 5 each; --quick 3)
#   --threads T        worker threads of each server, the same for both (default 1: the machine
#                      has 2 cores, one for the server, one for the load tool)
#   --memory MB        -m of each server in the throughput runs (default 1024)
#   --connections N    concurrent connections of every load (default 64)
#   --keys N           key space of MemcacheLoad (default 100000, prefilled, zipf(0.99))
#   --items N          items of the RSS-per-item runs (default 1000000)
#   --no-throughput    skip the throughput rounds;  --no-rss   skip the RSS-per-item runs
#   --no-build         use the jars already in dist/target and bench/target
#   --port P           first of the private ports to try (default 22111)
# Environment: TIERKIT_JAVA_OPTS (JVM flags of the cache-server, as for ./tierkit; see below),
# MVN_FLAGS (extra flags for the build, e.g. -o when offline).
#
# Needs memcached and libmemcached-tools (memcaslap); installs them with apt-get when missing.
# Builds with ./mvnw -q -B -DskipTests package -pl dist,bench -am. Results (everything printed)
# go to bench/results/cache-vs-memcached-<UTC timestamp>.txt.
#
# What is measured
# - Throughput, R rounds. Each round starts a fresh memcached
#   (memcached -u root -l 127.0.0.1 -p PORT -U 0 -t T -m MB) and a fresh tierkit cache-server
#   (./tierkit cache-server -l 127.0.0.1 -p PORT -t T -m MB --admin-port -1, i.e. java [JVM flags]
#   -jar dist/target/tierkit.jar cache-server ...),
#   one after the other, alternating which goes first (odd rounds memcached first). Each server,
#   once up, is prefilled by MemcacheLoad (every key once) and warmed by S seconds of the mixed
#   load at pipeline 16 and S at pipeline 1, unmeasured (a fresh JVM runs ~4x slower per op until
#   the JIT has compiled the hot paths; memcached gets the same treatment), then gets four
#   measured loads over 64 connections, 90% get / 10% set except memcslap:
#     memcaslap   libmemcached's load tool with a mix: -T 1 -c N, 16-byte keys (its minimum),
#                 values uniform 32..128 B; its keys are its own (uniform over what it has set),
#                 not zipf, and begin with raw bytes 0x10..0x1f, which memcached accepts and a
#                 server that enforces protocol.txt's "no control characters" refuses: a run with
#                 error replies is shown with its error count and left out of the medians
#     memcslap    libmemcached's other tool, gets only (it has no mix): --concurrency N threads,
#                 its own keys and ~2.4 KB values, 600 x duration gets per thread after its own
#                 initial load (whose CPU the per-op figure includes)
#     load p1     MemcacheLoad (bench/target/benchmarks.jar): zipf(0.99) keys, values 32..128 B,
#                 one request in flight per connection, 2 s warm-up then the measured window
#     load p16    the same with pipeline depth 16
#   Per load: ops/s, and the server's CPU per op = (utime + stime from /proc/PID/stat after
#   minus before) / ops, and the load tool's own CPU per op (tool_us/op) to show whether the tool
#   could be the limit: server and tool together cannot use more than the 2 cores. For memcaslap the CPU window is the whole memcaslap run (its ops count
#   covers the same run); for MemcacheLoad the tool reads /proc itself over exactly its measured
#   window. MemcacheLoad checks every reply (key, flags, length, bytes); its errors are printed.
#   Then medians over rounds and the ratios tierkit/memcached (ops/s: above 1 is better for
#   tierkit; CPU per op: below 1 is better for tierkit).
# - RSS per item: a fresh server of each kind with -m 1024 (-t T), warmed the same way (5 s of
#   gets that miss, so connection buffers, the JIT and the JVM's young generation are in the
#   "before" figure, which is printed: it is the fixed overhead), VmRSS from /proc/PID/status
#   before and after MemcacheLoad --load-items N --value-size 100 (then again with 10-byte
#   values); prints (after - before) / N in bytes and the ratio. Keys are 14 bytes (key:NNNNNNNNNN).
#   On the JVM side, before and after are both read after `jcmd PID GC.run` and a 2 s settle,
#   so garbage from loading does not count but the live items and any heap the collector keeps
#   committed do; the RSS right after loading, before the GC, is printed too, and the JVM's live
#   heap growth per item (jcmd GC.heap_info "used" over the generations, after minus before). The server's
#   curr_items after loading is printed to show nothing was evicted.
#
# JVM flags: tierkit runs through ./tierkit, the launcher users run (it execs java, so the PID is
# the JVM's), so it gets the daemon's own JVM defaults unless TIERKIT_JAVA_OPTS is set, which
# replaces them exactly as for ./tierkit. For cache-server those defaults are (launcher, README)
# "-Dio.netty.leakDetection.level=disabled -XX:+UseParallelGC -Xmn32m -XX:MinHeapFreeRatio=10
# -XX:MaxHeapFreeRatio=20": the items live in
# 64 KiB pages in the old generation, a small fixed young generation keeps the garbage headroom
# small, and the free-ratio flags let a full GC return freed heap. The flags in effect are read
# back from /proc/PID/cmdline and printed. The heap limit is the JVM's default (1/4 of RAM) unless
# set: -m 1024 needs about 1.1 GB of heap. (Measured before those defaults existed, with the
# Caffeine store: RSS after a full GC was ~420 MB per 1M 100-byte items with G1 and the ratio
# flags, ~670 MB with ParallelGC and no small young generation; the collector's sizing moves the
# RSS figure by tens of percent, so the live heap per item is printed beside it.)
#
# What could make the numbers lie
# - The two cores are shared by the server and the load tool: a load tool that needs a whole core
#   caps the server. MemcacheLoad prints its own CPU per op next to the server's; compare
#   memcached's ops/s under memcaslap and under MemcacheLoad to see which tool is the limit.
# - The machine is shared and noisy: use medians over rounds, compare within one run only, and
#   look at the per-round tables for outliers. Alternating the order cancels drift, not noise.
# - Closed-loop loads measure throughput at a fixed concurrency; latency under them is service
#   time, not what an open-loop arrival process would see.
# - /proc CPU times have clock-tick resolution (10 ms at 100 Hz): ~0.2% of a 10 s run at one core.
# - The JVM's RSS depends on the collector and its sizing (see JVM flags): heap the collector keeps
#   committed counts, as it would in production. memcached's RSS grows in 1 MiB slab pages.
# - memcaslap's keys and hit pattern differ from MemcacheLoad's (uniform over its own keys, not
#   zipf): compare servers under the same tool, not tools with each other.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=lib.sh
source "$root/bench/e2e/lib.sh"

rounds=3
duration=10
server_warmup=5
threads=1
memory=1024
connections=64
keys=100000
items=1000000
do_throughput=true
do_rss=true
build=true
port_base=22111
while (($#)); do
  case "$1" in
    --quick) rounds=1 duration=3 server_warmup=3 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --server-warmup) server_warmup="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --memory) memory="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --keys) keys="$2"; shift ;;
    --items) items="$2"; shift ;;
    --no-throughput) do_throughput=false ;;
    --no-rss) do_rss=false ;;
    --no-build) build=false ;;
    --port) port_base="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "cache-vs-memcached: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done

clk_tck="$(getconf CLK_TCK)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/cache-vs-memcached-$stamp.txt"
work="$(mktemp -d)"
exec > >(tee "$results_file") 2>&1

# --- servers we started, stopped by PID on any exit --------------------------------------------
started=()
cleanup() {
  for pid in "${started[@]}"; do
    stop_server "$pid"
  done
  rm -rf "$work"
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------------
if ! command -v memcached >/dev/null || ! command -v memcaslap >/dev/null; then
  echo "installing memcached and libmemcached-tools ..."
  sudo_cmd=()
  [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq memcached libmemcached-tools
fi
if $build; then
  echo "building dist and bench ..."
  # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
  ./mvnw -q -B ${MVN_FLAGS:-} -DskipTests package -pl dist,bench -am
fi
load_jar=bench/target/benchmarks.jar
tierkit_jar=dist/target/tierkit.jar
[[ -f "$load_jar" ]] || { echo "cache-vs-memcached: $load_jar is missing (drop --no-build)"; exit 1; }

tierkit_missing=""
jvm_flags_shown=""
tierkit_args=()
if [[ ! -f "$tierkit_jar" ]]; then
  tierkit_missing="$tierkit_jar is missing (drop --no-build)"
else
  if ! help_text="$(java -jar "$tierkit_jar" cache-server --help 2>&1)"; then
    tierkit_missing="'java -jar $tierkit_jar cache-server' does not exist yet on this branch (merge main once the cache-server command has landed): $(head -1 <<<"$help_text")"
  else
    # memcached's -l where the command has it, else the common --bind; the admin endpoint off
    # (-1): memcached has none, and its default port could collide with another daemon here
    if grep -qE '(^|[ ,])-l[ ,=]' <<<"$help_text"; then tierkit_args+=(-l 127.0.0.1); else tierkit_args+=(--bind 127.0.0.1); fi
    if grep -q -- '--admin-port' <<<"$help_text"; then tierkit_args+=(--admin-port -1); fi
  fi
fi

# --- helpers ---------------------------------------------------------------------------------------
free_port() {
  local p="$1"
  while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; do
    p=$((p + 1))
  done
  echo "$p"
}

# one text-protocol command, first reply lines until END (or the first line)
mc_command() {
  local port="$1" cmd="$2"
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0"
    printf "%s\r\n" "$1" >&3
    while IFS= read -r line <&3; do
      line="${line%$'"'"'\r'"'"'}"
      echo "$line"
      [[ "$line" == END || "$line" == VERSION* || "$line" == ERROR* ]] && break
    done
    printf "quit\r\n" >&3' "$port" "$cmd"
}

stat_value() { mc_command "$1" stats | awk -v k="$2" '$1 == "STAT" && $2 == k { print $3 }'; }

# started server: sets server_pid, server_port; returns 1 (with a message) if it does not come up
start_server() {
  local kind="$1" mb="$2"
  server_port="$(free_port "$port_base")"
  if [[ "$kind" == memcached ]]; then
    memcached -u root -l 127.0.0.1 -p "$server_port" -U 0 -t "$threads" -m "$mb" >"$work/memcached.log" 2>&1 &
  else
    if [[ -n "$tierkit_missing" ]]; then
      echo "tierkit: SKIPPED: $tierkit_missing"
      return 1
    fi
    # the launcher, so the daemon's JVM defaults apply as for users; it execs java (same PID)
    ./tierkit cache-server "${tierkit_args[@]}" -p "$server_port" -t "$threads" -m "$mb" >"$work/tierkit.log" 2>&1 &
  fi
  server_pid=$!
  started+=("$server_pid")
  for _ in $(seq 300); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$kind exited at start:"; tail -5 "$work/$kind.log"; return 1
    fi
    if mc_command "$server_port" version 2>/dev/null | grep -q '^VERSION'; then
      if [[ "$kind" == tierkit && -z "$jvm_flags_shown" ]]; then
        jvm_flags_shown="$(tr '\0' ' ' <"/proc/$server_pid/cmdline")"
        echo "tierkit runs as: $jvm_flags_shown"
      fi
      return 0
    fi
    sleep 0.1
  done
  echo "$kind did not answer 'version' on port $server_port within 30 s"; stop "$server_pid"; return 1
}

stop() {
  stop_server "$1"
  local keep=()
  for pid in "${started[@]}"; do [[ "$pid" != "$1" ]] && keep+=("$pid"); done
  started=("${keep[@]}")
}

# the JVM's used heap in KB: the "used NNNK" of each generation in jcmd GC.heap_info, summed
heap_used_kb() {
  jcmd "$1" GC.heap_info 2>/dev/null |
    awk '/Metaspace|class space/ { next } match($0, / used [0-9]+K/) { s += substr($0, RSTART + 6, RLENGTH - 7) } END { print s }'
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | tail -1; }

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

cat >"$work/memcaslap.cfg" <<'EOF'
key
16 16 1
value
32 128 1
cmd
0 0.1
1 0.9
EOF

load() { java -cp "$load_jar" dev.tierkit.bench.cache.MemcacheLoad --port "$server_port" --server-pid "$server_pid" --clk-tck "$clk_tck" "$@"; }

declare -A results # "load|kind" -> space-separated "ops_per_s:cpu_us_per_op" per round
record() { results["$1|$2"]+="$3:$4 "; }
row() { printf '%-12s %-10s %10s %15s %13s %10s %7s\n' "$@"; }

echo "cache-vs-memcached $stamp  rounds=$rounds duration=${duration}s server_warmup=${server_warmup}s+${server_warmup}s threads=$threads memory=${memory}MB connections=$connections keys=$keys items=$items"
echo "machine: $(nproc) cores shared by the server under test and the load tool; $(uname -sr); $(java -version 2>&1 | head -1)"
echo "memcached: $(memcached -V)   TIERKIT_JAVA_OPTS: ${TIERKIT_JAVA_OPTS-unset, so the cache-server defaults of the launcher}"
[[ -n "$tierkit_missing" ]] && echo "tierkit: SKIPPED: $tierkit_missing"
echo

run_loads() { # kind: runs the four loads on the server just started, prints rows
  local kind="$1" before after out ops tps per
  if ! out="$(load --prefill --connections "$connections" --keys "$keys" --duration "${server_warmup}s" --warmup 0s --pipeline 16 2>&1)" ||
    ! out="$(load --connections "$connections" --keys "$keys" --duration "${server_warmup}s" --warmup 0s --pipeline 1 2>&1)"; then
    echo "$kind: prefill or warm-up failed: $(grep -m1 'first error' <<<"$out")"
  fi
  before="$(cpu_ticks "$server_pid")"
  # bash's time keyword reports the tool's own CPU (user and system seconds) on stderr
  out="$({ TIMEFORMAT='tool_cpu %U %S'; time timeout $((duration + 30)) memcaslap -s "127.0.0.1:$server_port" \
    -F "$work/memcaslap.cfg" -T 1 -c "$connections" -t "${duration}s"; } 2>&1 || true)"
  after="$(cpu_ticks "$server_pid")"
  ops="$(sed -n 's/.*Ops: \([0-9]*\).*/\1/p' <<<"$out" | tail -1)"
  tps="$(sed -n 's/.*TPS: \([0-9]*\).*/\1/p' <<<"$out" | tail -1)"
  local tool=- errors
  # memcaslap prints each error reply it gets ("<fd CLIENT_ERROR ...") and still reports a TPS
  errors="$(grep -cE '(CLIENT|SERVER)_ERROR|^<[0-9]+ ERROR' <<<"$out" || true)"
  if [[ -n "$ops" && "$ops" -gt 0 ]]; then
    per="$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$ops" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')"
    tool="$(awk -v n="$ops" '$1 == "tool_cpu" { printf "%.2f", ($2 + $3) * 1e6 / n }' <<<"$out")"
  else
    tps="-" per="-"
    echo "$kind: memcaslap failed: $(tail -2 <<<"$out" | tr '\n' ' ')"
  fi
  if ((errors > 0)); then
    echo "$kind: memcaslap got $errors error replies, first: $(grep -m1 -E '(CLIENT|SERVER)_ERROR|^<[0-9]+ ERROR' <<<"$out"); left out of the medians"
    record memcaslap "$kind" - -
  else
    record memcaslap "$kind" "$tps" "$per"
  fi
  row memcaslap "$kind" "$tps" "$per" "${tool:--}" - "$errors"

  # memcslap: gets only (it has no mix), 64 threads, its own ~2.4 KB values, bounded by count
  local per_thread=$((600 * duration)) secs
  before="$(cpu_ticks "$server_pid")"
  out="$({ TIMEFORMAT='tool_cpu %U %S'; time timeout $((duration * 4 + 30)) memcslap --servers="127.0.0.1:$server_port" \
    --concurrency="$connections" --execute-number="$per_thread" --test=get; } 2>&1 || true)"
  after="$(cpu_ticks "$server_pid")"
  ops="$(sed -n 's/^Time to get *\([0-9]*\) keys by.*/\1/p' <<<"$out" | tail -1)"
  secs="$(sed -n 's/^Time to get .*: *\([0-9.]*\) seconds.*/\1/p' <<<"$out" | tail -1)"
  errors="$(grep -ciE 'error|fail' <<<"$out" || true)"
  tool=-
  if [[ -n "$ops" && -n "$secs" && "$ops" -gt 0 ]]; then
    tps="$(awk -v n="$ops" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')"
    # the CPU window also covers memcslap's initial load of $per_thread keys
    per="$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$((ops + per_thread))" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')"
    tool="$(awk -v n="$((ops + per_thread))" '$1 == "tool_cpu" { printf "%.2f", ($2 + $3) * 1e6 / n }' <<<"$out")"
  else
    tps="-" per="-"
    echo "$kind: memcslap failed: $(grep -v tool_cpu <<<"$out" | tail -2 | tr '\n' ' ')"
  fi
  if ((errors > 0)); then
    echo "$kind: memcslap reported $errors errors, first: $(grep -m1 -iE 'error|fail' <<<"$out"); left out of the medians"
    record memcslap_get "$kind" - -
  else
    record memcslap_get "$kind" "$tps" "$per"
  fi
  row "memcslap get" "$kind" "$tps" "$per" "${tool:--}" - "$errors"
  for depth in 1 16; do
    if ! out="$(load --connections "$connections" --keys "$keys" --duration "${duration}s" --warmup 2s --pipeline "$depth" 2>&1)"; then
      echo "$kind: MemcacheLoad p$depth reported errors: $(grep -m1 'first error' <<<"$out" || tail -1 <<<"$out")"
    fi
    local result
    result="$(grep '^RESULT' <<<"$out" || true)"
    tps="$(field ops_per_s "$result")"; per="$(field server_cpu_us_per_op "$result")"
    record "load_p$depth" "$kind" "${tps:--}" "${per:--}"
    row "load p$depth" "$kind" "${tps:--}" "${per:--}" "$(field gen_cpu_us_per_op "$result")" \
      "$(field p99_us "$result")" "$(field errors "$result")"
  done
}

kinds_in_order() { if (($1 % 2)); then echo memcached tierkit; else echo tierkit memcached; fi; }

if $do_throughput; then
  for ((r = 1; r <= rounds; r++)); do
    order="$(kinds_in_order "$r")"
    echo "== round $r of $rounds (${order// / first, then })"
    row load server ops/s server_us/op tool_us/op p99_us errors
    for kind in $order; do
      if start_server "$kind" "$memory"; then
        run_loads "$kind"
        stop "$server_pid"
      fi
    done
    echo
  done

  echo "== medians over $rounds round(s); ratio = tierkit / memcached"
  printf '%-12s %14s %14s %8s %16s %16s %8s\n' load "memcached ops/s" "tierkit ops/s" ratio "memcached us/op" "tierkit us/op" ratio
  for l in memcaslap memcslap_get load_p1 load_p16; do
    declare -A med=()
    for kind in memcached tierkit; do
      tps=() per=()
      for v in ${results["$l|$kind"]:-}; do tps+=("${v%%:*}"); per+=("${v##*:}"); done
      if ((${#tps[@]})); then med["$kind.tps"]="$(median "${tps[@]}")"; med["$kind.per"]="$(median "${per[@]}")"; else med["$kind.tps"]=- med["$kind.per"]=-; fi
    done
    printf '%-12s %14s %14s %8s %16s %16s %8s\n' "${l//_/ }" "${med[memcached.tps]}" "${med[tierkit.tps]}" \
      "$(ratio "${med[tierkit.tps]}" "${med[memcached.tps]}")" "${med[memcached.per]}" "${med[tierkit.per]}" \
      "$(ratio "${med[tierkit.per]}" "${med[memcached.per]}")"
    unset med
  done
  echo
fi

if $do_rss; then
  echo "== RSS per item: fresh, warmed server, -m 1024, $items items, 14-byte keys"
  printf '%-10s %8s %13s %12s %14s %11s %15s %10s %9s\n' server value_B rss_before_MB rss_after_MB after_no_gc_MB bytes/item heap_bytes/item curr_items evictions
  declare -A per_item=()
  for size in 100 10; do
    for kind in memcached tierkit; do
      start_server "$kind" 1024 || continue
      # Warm both servers the same way before "before" (5 s of gets that miss, from every
      # connection): buffers, the JIT and the young generation are fixed costs, not per item.
      load --get-ratio 1.0 --keys 1000 --duration 5s --warmup 1s --connections "$connections" >/dev/null 2>&1 || true
      heap_before=- heap_after=-
      [[ "$kind" == tierkit ]] && { jcmd "$server_pid" GC.run >/dev/null 2>&1 || true; sleep 2; heap_before="$(heap_used_kb "$server_pid")"; }
      before="$(rss_kb "$server_pid")"
      if ! out="$(load --load-items "$items" --value-size "$size" --connections "$connections" 2>&1)"; then
        echo "$kind: loading failed: $(grep -m1 'first error' <<<"$out" || tail -1 <<<"$out")"
      fi
      no_gc="$(rss_kb "$server_pid")"
      [[ "$kind" == tierkit ]] && { jcmd "$server_pid" GC.run >/dev/null 2>&1 || true; sleep 2; heap_after="$(heap_used_kb "$server_pid")"; }
      after="$(rss_kb "$server_pid")"
      curr="$(stat_value "$server_port" curr_items || true)"; ev="$(stat_value "$server_port" evictions || true)"
      per_item["$kind.$size"]="$(awk -v a="$after" -v b="$before" -v n="$items" 'BEGIN { printf "%.1f", (a - b) * 1024 / n }')"
      heap_per_item=-
      [[ "$heap_before" != - && -n "$heap_before" && -n "$heap_after" ]] &&
        heap_per_item="$(awk -v a="$heap_after" -v b="$heap_before" -v n="$items" 'BEGIN { printf "%.1f", (a - b) * 1024 / n }')"
      printf '%-10s %8s %13s %12s %14s %11s %15s %10s %9s\n' "$kind" "$size" "$(mb "$before")" "$(mb "$after")" \
        "$(mb "$no_gc")" "${per_item[$kind.$size]}" "$heap_per_item" "${curr:--}" "${ev:--}"
      stop "$server_pid"
    done
  done
  for size in 100 10; do
    echo "RSS per item, $size-byte values: memcached ${per_item[memcached.$size]:--} B, tierkit ${per_item[tierkit.$size]:--} B, ratio tierkit/memcached $(ratio "${per_item[tierkit.$size]:--}" "${per_item[memcached.$size]:--}")"
  done
  echo
fi

echo "results: $results_file"
if [[ -n "$tierkit_missing" ]]; then
  echo "tierkit side FAILED: $tierkit_missing"
  exit 1
fi
