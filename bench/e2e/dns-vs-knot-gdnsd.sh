#!/usr/bin/env bash
# tierkit dns-geo against knotd (Knot DNS) and gdnsd, side by side on loopback, in one run.
#
# Usage: bench/e2e/dns-vs-knot-gdnsd.sh [options]
#   --quick            1 round, 3 s per measured load, 3 s warm-up per mix (~50 s; the default
#                      run takes ~3.5 min)
#   --rounds R         rounds (default 3); each starts every server once, in a rotated order
#   --duration S       measured seconds per load (default 6; --quick 3)
#   --warmup S         unmeasured seconds of each mix that every fresh server gets first
#                      (default 4; --quick 3): dns-geo's JVM needs ~8 s of load before its CPU
#                      per query settles (from ~90 us in the first 2 s to ~10 us here)
#   --threads T        query-serving threads of each server, the same for all (default 1: the
#                      machine has 2 cores, and dnsperf needs most of the other one)
#   --clients C        dnsperf -c, sockets (default 4)
#   --outstanding Q    dnsperf -q, queries in flight (default 100; more loses queries here)
#   --max-qps N        dnsperf -Q: an open-loop rate instead of as-fast-as-possible (default off),
#                      to compare CPU per query and latency at the same load
#   --queries N        distinct queries in each mix file (default 20000, looped)
#   --peers-only       knotd and gdnsd only, without tierkit dns-geo
#   --port P           first of the private ports to try (default 25353)
# Environment: TIERKIT_JAVA_OPTS (JVM flags of dns-geo, as for ./tierkit).
#
# Needs knot (+ knot-module-geoip), gdnsd, dnsperf and dnsutils (dig); installs the missing ones
# with apt-get (a peer that is still missing afterwards is skipped, with the reason printed).
# dns-geo runs through ./tierkit (the launcher builds dist/target/tierkit.jar when it is stale).
# Results (everything printed) go to bench/results/dns-vs-knot-gdnsd-<UTC timestamp>.txt.
#
# What is measured
# - Data (bench/e2e/dns/make-data.py, same seed every run): one zone example.test. of ~4,900
#   records (SOA, NS, MX, SPF/DMARC TXT, 3000 hosts with A, half of them with AAAA too, 100 MX
#   names, 200 TXT names, two CNAMEs, a wildcard) that all three servers load, plus the geo name
#   geo.example.test. in each server's own terms (bench/e2e/dns/: geo.yaml for dns-geo;
#   knot-geoip.yaml, knot's geoip module in subnet mode, with the zone's own A record as the
#   default; gdnsd.config.in's geoip plugin with nets only and a DYNA record in its zone). All
#   three answer 10.1.0.0/16 -> 192.0.2.1 (us-east), 10.2.0.0/16 -> 198.51.100.1 (eu-west),
#   every other client -> 192.0.2.1, TTL 30, and have RFC 7871 ECS switched on.
# - Two mixes of the same 20,000 shuffled queries: 20% geo A, 35% host A, 15% AAAA, 5% MX, 5% TXT,
#   5% through a CNAME, 5% wildcard, 10% NXDOMAIN. Every query carries an EDNS0 OPT record
#   (UDP size 1232); "ecs" adds an ECS option whose subnet rotates over 10.1.x.0/24 (40%),
#   10.2.x.0/24 (40%), other IPv4 /24s (10%) and IPv6 /56s (10%). dnsperf 2.10 adds at most one
#   fixed option per run (-E), so both mixes are prebuilt wire-format packets sent with dnsperf
#   -B, which only rewrites the ID; the plain mix takes the same path, so the mixes differ by the
#   ECS option alone.
# - Each round starts every server once, fresh, on its own port, one at a time (the order
#   rotates: dns-geo knotd gdnsd, then knotd gdnsd dns-geo, ...). Threads: knotd udp-workers T
#   (tcp-workers 1, background-workers 1), gdnsd udp_threads T (tcp_threads 1), dns-geo
#   --threads T. Once up, each server must answer geo.example.test. as above for ECS 10.1.0.0/24,
#   10.2.0.0/24, 203.0.113.0/24 and no ECS; a server that does not runs only the plain mix and
#   the reason is printed. Then W s of each mix, unmeasured, and one measured dnsperf run per mix:
#   dnsperf -B -T 1 -c C -q Q -t 1 -l S. Per run: queries per second and average latency as
#   dnsperf reports them, the server's CPU per query = (utime + stime from /proc/PID/stat after
#   minus before) / queries completed, dnsperf's own CPU per query (tool_us/q), the NXDOMAIN
#   share (10% when the server agrees with the zone), lost queries, and other% = the CPU that
#   everything else on the machine used meanwhile (/proc/stat busy minus server and dnsperf), in %
#   of all cores: a round with a high other% was measured on a busy machine.
# - Medians over rounds and the ratios dns-geo/knotd, dns-geo/gdnsd (and gdnsd/knotd): qps above
#   1 is better for dns-geo; latency and CPU per query below 1 are better for dns-geo.
# - Answers: in the first round, 200 queries of the ecs mix are asked of every server with dig
#   (rcode and sorted answer records, ECS scope left out), and each server's answers are compared
#   with knotd's; the count of differing queries and the first difference are printed.
#
# What could make the numbers lie
# - Two cores for everything: dnsperf costs about as much CPU per query as the servers do
#   (tool_us/q, mostly kernel time for its sends and receives), so the qps is set by dnsperf, the
#   server and whatever else runs on the machine (other%) together, and moves by 2x between runs
#   on a busy machine. The server's CPU per query is the figure to compare; --max-qps fixes the
#   rate so that latency is compared at the same load.
# - The JVM's CPU includes its JIT and GC threads: that is what it costs to run it. A fresh JVM is
#   slow until compiled; the warm-up hides most of that, not all of it in --quick runs.
# - gdnsd does not follow CNAMEs inside its zone (by design), knotd does: the 5% CNAME queries get
#   a shorter answer from gdnsd. The answer check shows such differences.
# - Noise: medians over rounds, compare within one run only; /proc CPU times have 10 ms
#   resolution (~0.2% of a 6 s run at one core).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=lib.sh
source "$root/bench/e2e/lib.sh"
data_src="$root/bench/e2e/dns"

rounds=3
duration=6
warmup=4
threads=1
clients=4
outstanding=100
max_qps=0
queries=20000
peers_only=false
port_base=25353
while (($#)); do
  case "$1" in
    --quick) rounds=1 duration=3 warmup=3 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --clients) clients="$2"; shift ;;
    --outstanding) outstanding="$2"; shift ;;
    --max-qps) max_qps="$2"; shift ;;
    --queries) queries="$2"; shift ;;
    --peers-only) peers_only=true ;;
    --port) port_base="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "dns-vs-knot-gdnsd: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done

clk_tck="$(getconf CLK_TCK)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/dns-vs-knot-gdnsd-$stamp.txt"
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
trap 'exit 130' INT TERM

stop() {
  stop_server "$1"
  local keep=()
  for pid in "${started[@]}"; do [[ "$pid" != "$1" ]] && keep+=("$pid"); done
  started=("${keep[@]}")
}

# --- tools ----------------------------------------------------------------------------------------
geoip_module() { compgen -G '/usr/lib/*/knot/modules-*/geoip.so' | head -1; }
if ! command -v knotd >/dev/null || ! command -v gdnsd >/dev/null || ! command -v dnsperf >/dev/null ||
  ! command -v dig >/dev/null || [[ -z "$(geoip_module)" ]]; then
  echo "installing knot, knot-module-geoip, knot-dnsutils, gdnsd, dnsperf and dnsutils ..."
  sudo_cmd=()
  [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
  if ! { "${sudo_cmd[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq knot knot-module-geoip knot-dnsutils \
      gdnsd dnsperf dnsutils >/dev/null; }; then
    echo "apt-get could not install all of them; going on with what is installed"
  fi
fi
python=/usr/bin/python3
[[ -x "$python" ]] || python="$(command -v python3 || true)"
for tool in dnsperf dig; do
  command -v "$tool" >/dev/null || { echo "dns-vs-knot-gdnsd: $tool is missing (apt-get install dnsperf dnsutils)"; exit 1; }
done
[[ -n "$python" ]] || { echo "dns-vs-knot-gdnsd: python3 is missing (apt-get install python3)"; exit 1; }

declare -A skipped=() ecs_skipped=() # kind -> reason
command -v knotd >/dev/null || skipped[knotd]="knotd is not installed (apt-get install knot)"
command -v gdnsd >/dev/null || skipped[gdnsd]="gdnsd is not installed (apt-get install gdnsd)"
knot_geoip="$(geoip_module)"
[[ -z "$knot_geoip" ]] && ecs_skipped[knotd]="knot's geoip module is not installed (apt-get install knot-module-geoip)"

kinds=(dns-geo knotd gdnsd)
if $peers_only; then
  kinds=(knotd gdnsd)
else
  # --help runs the launcher, which builds the jar first when it is stale; picocli answers an
  # unknown command's --help with the top-level usage and status 0, hence the Usage line check
  help_text="$(timeout 600 "$root/tierkit" dns-geo --help 2>&1 || true)"
  if ! grep -q '^Usage: tierkit dns-geo' <<<"$help_text"; then
    skipped[dns-geo]="'./tierkit dns-geo' does not exist on this branch (merge main once the dns-geo command has landed)"
    grep -q '^Usage: tierkit \[' <<<"$help_text" ||
      skipped[dns-geo]+=": $(grep -v '^tierkit: building' <<<"$help_text" | head -1)"
  fi
fi

# --- data -----------------------------------------------------------------------------------------
"$python" "$data_src/make-data.py" "$work/data" --queries "$queries"

free_port() {
  local p="$1"
  while ss -Hlnu "sport = :$p" 2>/dev/null | grep -q . || ss -Hlnt "sport = :$p" 2>/dev/null | grep -q .; do
    p=$((p + 1))
  done
  echo "$p"
}
declare -A port=()
p="$port_base"
for kind in dns-geo knotd gdnsd; do
  port[$kind]="$(free_port "$p")"
  p=$((port[$kind] + 1))
done

# --- servers --------------------------------------------------------------------------------------
fill() { sed -e "s#@DIR@#$2#g" -e "s#@PORT@#$3#g" -e "s#@THREADS@#$threads#g" "$1"; }

declare -A shown=()
# starts a fresh server of one kind: sets server_pid; returns 1 (with a message) if it does not come up
start_server() {
  local kind="$1" dir="$work/$1" wait_steps=120
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$kind" in
    knotd)
      mkdir -p "$dir/run" "$dir/db"
      cp "$data_src/knot-geoip.yaml" "$dir/"
      { cat "$work/data/example.test.zone"; echo "geo 30 IN A 192.0.2.1"; } >"$dir/example.test.zone"
      if [[ -n "$knot_geoip" ]]; then
        fill "$data_src/knot.conf.in" "$dir" "${port[$kind]}" >"$dir/knot.conf"
      else # the same server without the module section and the zone's module line
        fill "$data_src/knot.conf.in" "$dir" "${port[$kind]}" |
          sed -e '/^mod-geoip:/,/^$/d' -e '/module: mod-geoip/d' >"$dir/knot.conf"
      fi
      knotd -c "$dir/knot.conf" >"$dir/log" 2>&1 &
      ;;
    gdnsd)
      mkdir -p "$dir/zones"
      fill "$data_src/gdnsd.config.in" "$dir" "${port[$kind]}" >"$dir/config"
      { cat "$work/data/example.test.zone"; echo "geo 30 IN DYNA geoip!geo"; } >"$dir/zones/example.test"
      gdnsd -c "$dir" start >"$dir/log" 2>&1 &
      ;;
    dns-geo)
      cp "$work/data/example.test.zone" "$data_src/geo.yaml" "$dir/"
      # the launcher, so the daemon's JVM defaults apply as for users; it execs java (same PID)
      "$root/tierkit" dns-geo --bind 127.0.0.1 --port "${port[$kind]}" --admin-port 0 --threads "$threads" \
        --zone "$dir/example.test.zone" --geo "$dir/geo.yaml" >"$dir/log" 2>&1 &
      wait_steps=240
      ;;
  esac
  server_pid=$!
  started+=("$server_pid")
  for _ in $(seq "$wait_steps"); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$kind exited at start:"; tail -5 "$dir/log"; return 1
    fi
    if dig @127.0.0.1 -p "${port[$kind]}" +norec +time=1 +tries=1 example.test. SOA 2>/dev/null | grep -q 'status: NOERROR'; then
      if [[ -z "${shown[$kind]:-}" ]]; then
        shown[$kind]=1
        echo "$kind runs as: $(tr '\0' ' ' <"/proc/$server_pid/cmdline")(pid $server_pid, $(awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status") threads$(
          [[ "$kind" == dns-geo ]] && grep -m1 -o 'transport [a-z_]*' "$dir/log" | sed 's/^/, /'))"
      fi
      return 0
    fi
    sleep 0.25
  done
  echo "$kind did not answer example.test. SOA on port ${port[$kind]} within $((wait_steps / 4)) s:"; tail -5 "$dir/log"
  stop "$server_pid"
  return 1
}

# geo.example.test. A as the server answers it for one ECS subnet ("" for none)
geo_answer() {
  local subnet_opt=()
  [[ -n "$2" ]] && subnet_opt=("+subnet=$2")
  dig @127.0.0.1 -p "${port[$1]}" +norec +time=1 +tries=2 +short "${subnet_opt[@]}" geo.example.test. A 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//'
}
# "" when the server maps clients as geo.yaml says, else what it got wrong
geo_check() {
  local kind="$1" subnet want got
  for pair in "10.1.0.0/24=192.0.2.1" "10.2.0.0/24=198.51.100.1" "203.0.113.0/24=192.0.2.1" "=192.0.2.1"; do
    subnet="${pair%%=*}" want="${pair##*=}"
    got="$(geo_answer "$kind" "$subnet")"
    if [[ "$got" != "$want" ]]; then
      echo "geo.example.test. A with $(if [[ -n "$subnet" ]]; then echo "ECS $subnet"; else echo "no ECS"; fi) answered '${got:-nothing}', want $want"
      return
    fi
  done
}

# one line per query of the ecs sample: rcode, then its answer records sorted (ECS scope left out)
answers() {
  awk -v p="${port[$1]}" '{ print $1, $2, "+subnet=" $3 }' "$work/data/ecs-sample.txt" >"$work/batch.txt"
  dig @127.0.0.1 -p "${port[$1]}" +norec +time=1 +tries=2 +noall +answer +comments -f "$work/batch.txt" 2>&1 |
    awk '
      # records sorted by insertion (mawk has no asort): a few per answer
      function flush(  i, j, t, line) {
        if (have) {
          for (i = 2; i <= n; i++) for (j = i; j > 1 && rr[j - 1] > rr[j]; j--) { t = rr[j]; rr[j] = rr[j - 1]; rr[j - 1] = t }
          line = status
          for (i = 1; i <= n; i++) line = line " | " rr[i]
          print line
        }
        n = 0; have = 0
      }
      /->>HEADER<<-/ { flush(); have = 1; status = $0; sub(/.*status: /, "", status); sub(/,.*/, "", status); next }
      /^;; connection timed out|^;; communications error/ { flush(); print "timeout"; next }
      /^;/ || /^$/ { next }
      { gsub(/[ \t]+/, " "); rr[++n] = $0 }
      END { flush() }'
}

# the machine's busy and total ticks over all cores (busy: user, nice, system, irq, softirq, steal)
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

dnsperf_args() { # kind mix seconds
  local args=(-B -d "$work/data/$2.bin" -s 127.0.0.1 -p "${port[$1]}" -T 1 -c "$clients" -q "$outstanding" -t 1 -l "$3")
  ((max_qps > 0)) && args+=(-Q "$max_qps")
  printf '%s\n' "${args[@]}"
}

declare -A results # "mix|kind" -> space-separated "qps:latency_us:server_us_per_q" per round
row() { printf '%-8s %-6s %10s %11s %12s %10s %10s %7s %7s\n' "$@"; }

measure() { # kind mix: one measured dnsperf run on the server just started, prints its row
  local kind="$1" mix="$2" before after out completed qps lat per tool nx lost busy0 total0 busy1 total1 other
  mapfile -t args < <(dnsperf_args "$kind" "$mix" "$duration")
  before="$(cpu_ticks "$server_pid")"
  read -r busy0 total0 < <(machine_ticks)
  # bash's time keyword reports dnsperf's own CPU (user and system seconds) on stderr
  out="$({ TIMEFORMAT='tool_cpu %U %S'; time timeout $((duration + 20)) dnsperf "${args[@]}"; } 2>&1 || true)"
  read -r busy1 total1 < <(machine_ticks)
  if ! after="$(cpu_ticks "$server_pid" 2>/dev/null)"; then
    echo "$kind $mix: the server exited during the run: $(tail -2 "$work/$kind/log" | tr '\n' ' ')"
    results["$mix|$kind"]+="-:-:- "
    row "$kind" "$mix" - - - - - - -
    return 1
  fi
  completed="$(awk '/Queries completed:/ { print $3 }' <<<"$out")"
  qps="$(awk '/Queries per second:/ { printf "%.0f", $4 }' <<<"$out")"
  lat="$(awk '/Average Latency \(s\):/ { printf "%.0f", $4 * 1e6 }' <<<"$out")"
  lost="$(awk '/Queries lost:/ { print $3 }' <<<"$out")"
  nx="$(awk '/Response codes:/ { for (i = 1; i <= NF; i++) if ($i == "NXDOMAIN") { v = $(i + 2); gsub(/[(),%]/, "", v); print v } }' <<<"$out")"
  if [[ -z "$completed" || "$completed" == 0 ]]; then
    echo "$kind $mix: dnsperf failed: $(grep -v tool_cpu <<<"$out" | tail -2 | tr '\n' ' ')"
    results["$mix|$kind"]+="-:-:- "
    row "$kind" "$mix" - - - - - - -
    return
  fi
  per="$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$completed" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')"
  tool="$(awk -v n="$completed" '$1 == "tool_cpu" { printf "%.2f", ($2 + $3) * 1e6 / n }' <<<"$out")"
  # what everything else on the machine used meanwhile, in % of all cores: a noisy run shows here
  other="$(awk -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) -v s=$((after - before)) -v hz="$clk_tck" \
    '$1 == "tool_cpu" { if (t > 0) printf "%.0f", 100 * (b - s - ($2 + $3) * hz) / t }' <<<"$out")"
  results["$mix|$kind"]+="$qps:$lat:$per "
  row "$kind" "$mix" "$qps" "$lat" "$per" "${tool:--}" "${nx:-0}" "${lost:--}" "${other:--}"
}

echo "dns-vs-knot-gdnsd $stamp  rounds=$rounds duration=${duration}s warmup=${warmup}s per mix threads=$threads dnsperf: -T 1 -c $clients -q $outstanding$( ((max_qps > 0)) && echo " -Q $max_qps") queries=$queries"
echo "machine: $(nproc) cores shared by the server under test and dnsperf; $(uname -sr); $(java -version 2>&1 | head -1)"
echo "knotd: $(knotd -V 2>/dev/null | sed -n 's/.*version //p')   gdnsd: $(gdnsd -V 2>&1 | sed -n 's/^gdnsd version \([^ ]*\).*/\1/p' | head -1)   $(dnsperf -h 2>&1 | grep -m1 Version)   TIERKIT_JAVA_OPTS: ${TIERKIT_JAVA_OPTS-unset, so the launcher defaults}"
echo "ports: dns-geo ${port[dns-geo]}, knotd ${port[knotd]}, gdnsd ${port[gdnsd]}"
for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && echo "$kind: SKIPPED: ${skipped[$kind]}"
done
echo

declare -A sample=() ecs_failed=()
for ((r = 1; r <= rounds; r++)); do
  order=()
  for ((i = 0; i < ${#kinds[@]}; i++)); do order+=("${kinds[(i + r - 1) % ${#kinds[@]}]}"); done
  echo "== round $r of $rounds (${order[*]})"
  row server mix qps avg_lat_us server_us/q tool_us/q nxdomain% lost other%
  for kind in "${order[@]}"; do
    [[ -n "${skipped[$kind]:-}" ]] && continue
    start_server "$kind" || { results["plain|$kind"]+="-:-:- "; continue; }
    mixes=(plain)
    if [[ -n "${ecs_skipped[$kind]:-}" ]]; then
      ecs_failed[$kind]="${ecs_skipped[$kind]}"
    else
      wrong="$(geo_check "$kind")"
      if [[ -n "$wrong" ]]; then ecs_failed[$kind]="$wrong"; else mixes+=(ecs); fi
    fi
    [[ -z "${sample[$kind]:-}" ]] && { answers "$kind" >"$work/answers.$kind"; sample[$kind]=1; }
    for mix in "${mixes[@]}"; do
      mapfile -t args < <(dnsperf_args "$kind" "$mix" "$warmup")
      timeout $((warmup + 20)) dnsperf "${args[@]}" >/dev/null 2>&1 || true
    done
    for mix in "${mixes[@]}"; do measure "$kind" "$mix" || break; done
    [[ -n "${ecs_failed[$kind]:-}" && "${#mixes[@]}" == 1 ]] && echo "$kind ecs: not run: ${ecs_failed[$kind]}"
    stop "$server_pid"
  done
  echo
done

echo "== answers to 200 queries of the ecs mix, compared with knotd's (rcode and answer records)"
if [[ -f "$work/answers.knotd" ]]; then
  for kind in "${kinds[@]}"; do
    [[ "$kind" == knotd || ! -f "$work/answers.$kind" ]] && continue
    diffs="$(paste -d '\t' "$work/data/ecs-sample.txt" "$work/answers.knotd" "$work/answers.$kind" | awk -F '\t' '$2 != $3')"
    if [[ -z "$diffs" ]]; then
      echo "$kind: all $(wc -l <"$work/answers.$kind") the same as knotd"
    else
      # by kind of query: the name with its numbers as N, and the type
      echo "$kind: $(wc -l <<<"$diffs") of 200 differ ($(awk -F '\t' '{ split($1, q, " "); gsub(/[0-9]+/, "N", q[1]); n[q[1] " " q[2]]++ }
        END { for (k in n) printf "%s%s: %d", (c++ ? ", " : ""), k, n[k] }' <<<"$diffs")); first: $(head -1 <<<"$diffs" |
        awk -F '\t' -v k="$kind" '{ printf "%s: knotd [%s], %s [%s]", $1, $2, k, $3 }')"
    fi
  done
else
  echo "knotd did not run: nothing to compare with"
fi
echo

echo "== medians over $rounds round(s); qps: above 1 is better for dns-geo; latency, CPU per query: below 1"
printf '%-6s %-12s %9s %9s %9s %14s %14s %12s\n' mix metric dns-geo knotd gdnsd dns-geo/knotd dns-geo/gdnsd gdnsd/knotd
for mix in plain ecs; do
  for m in 1 2 3; do
    declare -A med=()
    for kind in dns-geo knotd gdnsd; do
      vals=()
      for v in ${results["$mix|$kind"]:-}; do vals+=("$(cut -d: -f"$m" <<<"$v")"); done
      if ((${#vals[@]})); then med[$kind]="$(median "${vals[@]}")"; else med[$kind]=-; fi
    done
    case "$m" in 1) metric=qps ;; 2) metric=avg_lat_us ;; 3) metric=server_us/q ;; esac
    printf '%-6s %-12s %9s %9s %9s %14s %14s %12s\n' "$mix" "$metric" "${med[dns-geo]}" "${med[knotd]}" "${med[gdnsd]}" \
      "$(ratio "${med[dns-geo]}" "${med[knotd]}")" "$(ratio "${med[dns-geo]}" "${med[gdnsd]}")" "$(ratio "${med[gdnsd]}" "${med[knotd]}")"
    unset med
  done
done
for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && echo "$kind: not run: ${skipped[$kind]}"
  [[ -n "${ecs_failed[$kind]:-}" ]] && echo "$kind: plain mix only (ecs not run): ${ecs_failed[$kind]}"
done
echo
echo "results: $results_file"
if ! $peers_only && [[ -n "${skipped[dns-geo]:-}" ]]; then
  echo "dns-geo side FAILED: ${skipped[dns-geo]}"
  exit 1
fi
