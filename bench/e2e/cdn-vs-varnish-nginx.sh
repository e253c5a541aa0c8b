#!/usr/bin/env bash
# tierkit cdn-edge against Varnish and nginx proxy_cache, side by side on loopback, in one run.
#
# Usage: bench/e2e/cdn-vs-varnish-nginx.sh [options]
#   --quick            1 round, 5 s per measured load, 3 s warm-up (~1.5 min; the default run
#                      takes ~10 min)
#   --rounds R         rounds (default $ROUNDS or 3); each starts every cache once, fresh, in a
#                      rotated order
#   --duration S       measured seconds per wrk run (default $DURATION or 15; --quick 5)
#   --warmup S         unmeasured seconds of load each fresh cache gets first (default $WARMUP or
#                      10; --quick 3): a fresh JVM runs slower until the JIT has compiled it
#   --connections N    wrk connections (default 64; wrk runs with 2 threads)
#   --threads T        cdn-edge --threads and nginx proxy_cache worker_processes (default: the
#                      number of cores, cdn-edge's own default)
#   --peers-only       Varnish, nginx proxy_cache and direct only, without tierkit cdn-edge
#   --port P           first of the private ports to try (default 24100)
# Environment: ROUNDS, DURATION, WARMUP (defaults of the options above), TIERKIT_JAVA_OPTS (JVM
# flags of cdn-edge, as for ./tierkit), KEEP_WORK=1 (keep the temp dir with the configs and logs).
#
# Needs nginx (nginx-light is enough), varnish, wrk and curl; installs the missing ones with
# apt-get (Varnish still missing afterwards is skipped, with the reason printed). cdn-edge runs
# through ./tierkit (the launcher builds dist/target/tierkit.jar when it is stale); when the jar
# has no cdn-edge command it is skipped with the reason printed and the script ends with status 1
# (unless --peers-only). Results (everything printed) go to
# bench/results/cdn-vs-varnish-nginx-<UTC timestamp>.txt.
#
# What is measured
# - Origin: a private nginx (1 worker process, access log off, sendfile, keep-alive) serving two
#   generated random files, /obj-1k.bin (1 KiB) and /obj-64k.bin (64 KiB), with
#   Cache-Control: public, max-age=3600 and nginx's own ETag and Last-Modified.
# - Four targets, each on its own port, the three caches in front of that origin:
#     cdn-edge     ./tierkit cdn-edge --origin http://127.0.0.1:ORIGIN --memory-mb 256 --threads T
#     varnish      varnishd -F -j none -s malloc,256m -b 127.0.0.1:ORIGIN (the builtin VCL and
#                  Varnish's default threads: 2 pools of 100 to 5000 threads)
#     nginx-cache  a second private nginx, worker_processes T, proxy_cache (keys_zone 10m,
#                  max_size 256m, on /dev/shm when it exists so that no cache reads disk),
#                  keep-alive to the origin, X-Cache-Status from $upstream_cache_status
#     direct       wrk straight to the origin: what serving the files costs without a cache
#   T = the number of cores unless --threads says otherwise, printed in the header.
# - Each round starts every cache fresh, one at a time (the order rotates round by round), and
#   for each object: three curl GETs, where the 2nd and 3rd must be hits (cdn-edge "X-Cache: HIT",
#   Varnish two transaction ids in X-Varnish, nginx "X-Cache-Status: HIT") carrying the origin's
#   bytes (sha256); the "hit" column says so. Then W s of unmeasured load on /obj-1k.bin and, per
#   object, one measured wrk -t2 -cN -dS --latency run. Per run: req/s, p99 latency, the CPU per
#   request of the target (utime + stime from /proc/PID/stat of the process and its children,
#   after minus before, / requests), the origin's CPU per request (about 0 when the cache hits),
#   and other% = what everything else on the machine used meanwhile (busy ticks in /proc/stat
#   minus the target, the origin and wrk), in % of all cores: a run with a high other% was
#   measured on a busy machine.
# - Medians over rounds, then the ratios cdn-edge/varnish and cdn-edge/nginx-cache (req/s above 1
#   is better for cdn-edge; p99 and CPU per request below 1 are better for cdn-edge).
#
# What could make the numbers lie
# - Two cores carry wrk, the cache (and, on a miss, the origin) at once: req/s is bounded by what
#   wrk leaves, so CPU per request is the fairer figure. "direct" is served by a 1-worker nginx,
#   not a limit a 2-thread cache cannot pass.
# - On a machine busy with other work, the scheduler shares the cores per runnable thread: Varnish,
#   with hundreds of threads, then takes more of them than nginx's T processes (measured at a load
#   average of 15: other% 2-4 beside Varnish, 40-60 beside nginx). Look at other% and the load
#   averages printed at the start and the end before reading req/s.
# - Varnish runs its own threads (hundreds, mostly idle) and nginx T worker processes; cdn-edge T
#   event loop threads plus its JVM's JIT and GC threads, whose CPU is counted: that is what it
#   costs to run it. A fresh JVM is slow until compiled; --warmup hides most of that, not all of
#   it in --quick runs.
# - Both nginx run with sendfile and without tcp_nopush: with tcp_nopush on, nginx proxy_cache
#   answered 64 KiB hits at 1.6k req/s with a 48 ms p99 (stalls of one delayed ACK, on tmpfs and
#   on disk alike) against 13-17k without it, and the origin's 64 KiB went from 17k to 20k req/s.
# - nginx proxy_cache keeps bodies in files, read through the page cache (tmpfs here); Varnish
#   and cdn-edge keep them in memory.
# - /proc CPU ticks are 10 ms: over 15 s at tens of thousands of req/s the error is under 1%.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$root/bench/e2e/lib.sh"

rounds="${ROUNDS:-3}"
duration="${DURATION:-15}"
warmup="${WARMUP:-10}"
connections=64
threads="$(nproc)"
peers_only=false
port_base=24100
while (($#)); do
  case "$1" in
    --quick) rounds=1 duration=5 warmup=3 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --peers-only) peers_only=true ;;
    --port) port_base="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "cdn-vs-varnish-nginx: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done

install_missing nginx=nginx-light varnishd=varnish wrk=wrk curl=curl || echo "apt-get failed; going on with what is installed"
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "cdn-vs-varnish-nginx: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

clk_tck="$(getconf CLK_TCK)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/cdn-vs-varnish-nginx-$stamp.txt"
work="$(mktemp -d /tmp/cdn-bench.XXXXXX)"
chmod 755 "$work" # nginx workers run as nobody and must read the files
exec > >(tee "$results_file") 2>&1

# --- servers we started, stopped by PID on any exit ----------------------------------------------
started=()
cache_dir=""
cleanup() {
  for pid in "${started[@]}"; do stop_server "$pid"; done
  [[ -n "$cache_dir" ]] && rm -rf "$cache_dir"
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop() {
  stop_server "$1"
  local keep=() pid
  for pid in "${started[@]}"; do [[ "$pid" != "$1" ]] && keep+=("$pid"); done
  started=("${keep[@]}")
}

declare -A skipped=() # kind -> reason
command -v varnishd >/dev/null || skipped[varnish]="varnishd is not installed (apt-get install varnish)"
kinds=(cdn-edge varnish nginx-cache direct)
if $peers_only; then
  kinds=(varnish nginx-cache direct)
else
  # --help runs the launcher, which builds the jar first when it is stale; picocli answers an
  # unknown command's --help with the top-level usage and status 0, hence the Usage line check
  help_text="$(timeout 900 "$root/tierkit" cdn-edge --help 2>&1 || true)"
  if ! grep -q '^Usage: tierkit cdn-edge' <<<"$help_text"; then
    skipped[cdn-edge]="'./tierkit cdn-edge' does not exist on this branch (merge main once the cdn-edge command has landed)"
    grep -q '^Usage: tierkit \[' <<<"$help_text" ||
      skipped[cdn-edge]+=": $(grep -v '^tierkit: building' <<<"$help_text" | head -1)"
  fi
fi

# --- ports and files ------------------------------------------------------------------------------
declare -A port=()
p="$port_base"
for name in origin cdn-edge cdn-edge-admin varnish varnish-admin nginx-cache; do
  port[$name]="$(free_tcp_port "$p")"
  p=$((port[$name] + 1))
done
port[direct]="${port[origin]}"

objects=(/obj-1k.bin /obj-64k.bin)
mkdir -p "$work/www"
head -c 1024 /dev/urandom >"$work/www/obj-1k.bin"
head -c 65536 /dev/urandom >"$work/www/obj-64k.bin"
chmod 644 "$work/www"/*
declare -A sha=()
for obj in "${objects[@]}"; do sha[$obj]="$(sha256sum <"$work/www$obj" | cut -d' ' -f1)"; done

# the temp paths every private nginx needs, so that none writes under the system prefix
nginx_paths() {
  printf '  %s %s;\n' client_body_temp_path "$1/body" proxy_temp_path "$1/proxy" fastcgi_temp_path "$1/fcgi" \
    uwsgi_temp_path "$1/uwsgi" scgi_temp_path "$1/scgi"
}

mkdir -p "$work/origin"
cat >"$work/origin/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/origin/nginx.pid;
error_log $work/origin/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
$(nginx_paths "$work/origin")
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port[origin]};
    root $work/www;
    add_header Cache-Control "public, max-age=3600" always;
  }
}
NGINX
nginx -c "$work/origin/nginx.conf" -p "$work/origin" >"$work/origin/log" 2>&1 &
origin_pid=$!
started+=("$origin_pid")
wait_port "${port[origin]}"

# nginx proxy_cache keeps its bodies in files: on tmpfs when there is one, as the others use RAM
if [[ -d /dev/shm && -w /dev/shm ]]; then cache_root=/dev/shm; else cache_root="$work"; fi

# --- targets --------------------------------------------------------------------------------------
declare -A shown=()
# starts a fresh target: sets target_pid; returns 1 (with a message) if it does not come up
start_target() {
  local kind="$1" dir="$work/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$kind" in
    cdn-edge)
      # the launcher, so the daemon's JVM defaults apply as for users; it execs java (same PID)
      "$root/tierkit" cdn-edge --origin "http://127.0.0.1:${port[origin]}" --bind 127.0.0.1 \
        --port "${port[cdn-edge]}" --admin-port "${port[cdn-edge-admin]}" --threads "$threads" \
        --memory-mb 256 >"$dir/log" 2>&1 &
      target_pid=$!
      started+=("$target_pid")
      # the admin endpoint answers readiness on /readyz (common's AdminServer); /ready as well
      local deadline=$((SECONDS + 120)) ready=false
      while ((SECONDS < deadline)) && kill -0 "$target_pid" 2>/dev/null; do
        for path in /readyz /ready; do
          [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:${port[cdn-edge-admin]}$path")" == 200 ]] &&
            ready=true && break 2
        done
        sleep 0.2
      done
      if ! $ready; then
        echo "cdn-edge did not become ready on admin port ${port[cdn-edge-admin]}:"; tail -5 "$dir/log"
        stop "$target_pid"
        return 1
      fi
      ;;
    varnish)
      varnishd -F -j none -n "$dir/state" -a "127.0.0.1:${port[varnish]}" -T "127.0.0.1:${port[varnish-admin]}" \
        -b "127.0.0.1:${port[origin]}" -s malloc,256m >"$dir/log" 2>&1 &
      target_pid=$!
      started+=("$target_pid")
      ;;
    nginx-cache)
      cache_dir="$cache_root/cdn-bench-nginx-cache.$$"
      rm -rf "$cache_dir"
      mkdir -p "$cache_dir"
      chown nobody "$cache_dir" 2>/dev/null || chmod 777 "$cache_dir"
      cat >"$dir/nginx.conf" <<NGINX
worker_processes $threads;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
$(nginx_paths "$dir")
  proxy_cache_path $cache_dir levels=1:2 keys_zone=edge:10m max_size=256m inactive=60m use_temp_path=off;
  upstream origin {
    server 127.0.0.1:${port[origin]};
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port[nginx-cache]};
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache edge;
      add_header X-Cache-Status \$upstream_cache_status always;
    }
  }
}
NGINX
      nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/log" 2>&1 &
      target_pid=$!
      started+=("$target_pid")
      ;;
    direct) target_pid="$origin_pid" ;;
  esac
  if ! wait_port "${port[$kind]}" 2>"$dir/wait.err" || ! kill -0 "$target_pid" 2>/dev/null; then
    echo "$kind did not open port ${port[$kind]}: $(cat "$dir/wait.err")"; tail -5 "$dir/log" 2>/dev/null || true
    [[ "$kind" != direct ]] && stop "$target_pid"
    return 1
  fi
  if [[ -z "${shown[$kind]:-}" ]]; then
    shown[$kind]=1
    local procs="" pid
    for pid in "$target_pid" $(pgrep -P "$target_pid" || true); do
      procs+="$pid: $(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) threads; "
    done
    echo "$kind runs as: $(tr '\0' ' ' <"/proc/$target_pid/cmdline")(port ${port[$kind]}; ${procs%; })"
  fi
}

# "yes" when the 2nd and 3rd of three GETs are hits with the origin's bytes, else what was wrong
hit_check() { # kind object
  local kind="$1" obj="$2" i hdr body want
  for i in 1 2 3; do
    hdr="$work/hdr.$i" body="$work/body.$i"
    if ! curl -s --max-time 10 -D "$hdr" -o "$body" "http://127.0.0.1:${port[$kind]}$obj"; then
      echo "no: GET $i failed"; return
    fi
  done
  for i in 2 3; do
    hdr="$work/hdr.$i" body="$work/body.$i"
    head -1 "$hdr" | grep -q ' 200' || { echo "no: GET $i answered $(head -1 "$hdr" | tr -d '\r')"; return; }
    [[ "$(sha256sum <"$body" | cut -d' ' -f1)" == "${sha[$obj]}" ]] || { echo "no: GET $i body differs from the origin's"; return; }
    case "$kind" in
      cdn-edge) want='^x-cache: *hit' ;;
      varnish) want='^x-varnish: *[0-9]+ +[0-9]+' ;;
      nginx-cache) want='^x-cache-status: *hit' ;;
      direct) continue ;;
    esac
    grep -qiE "$want" "$hdr" || { echo "no: GET $i has no /$want/ header ($(grep -iE '^(x-cache|x-varnish|age)' "$hdr" | tr -d '\r' | tr '\n' ' '))"; return; }
  done
  if [[ "$kind" == direct ]]; then echo "-"; else echo yes; fi
}

# the machine's busy and total ticks over all cores (busy: user, nice, system, irq, softirq, steal)
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

declare -A results=() # "kind|object" -> space-separated "rps:p99:cpu_us" per round
row() { printf '%-12s %-13s %5s %10s %9s %11s %10s %7s %5s  %s\n' "$@"; }

measure() { # kind object hit: one measured wrk run on the target just started, prints its row
  local kind="$1" obj="$2" hit="$3" before obefore after oafter busy0 total0 busy1 total1 out r p n errs wrk_ticks
  before="$(tree_cpu_ticks "$target_pid")" obefore="$(tree_cpu_ticks "$origin_pid")"
  read -r busy0 total0 < <(machine_ticks)
  # bash's time keyword reports wrk's own CPU (user and system seconds) on stderr
  out="$({ TIMEFORMAT='wrk_cpu %U %S'; time wrk_summary 2 "$connections" "$duration" "http://127.0.0.1:${port[$kind]}$obj"; } 2>&1)"
  read -r busy1 total1 < <(machine_ticks)
  if ! after="$(tree_cpu_ticks "$target_pid" 2>/dev/null)"; then
    echo "$kind $obj: the server exited during the run: $(tail -2 "$work/$kind/log" | tr '\n' ' ')"
    results["$kind|$obj"]+="-:-:- "
    return 1
  fi
  oafter="$(tree_cpu_ticks "$origin_pid")"
  read -r r p n errs < <(grep -v '^wrk_cpu' <<<"$out")
  wrk_ticks="$(awk -v hz="$clk_tck" '$1 == "wrk_cpu" { printf "%.0f", ($2 + $3) * hz }' <<<"$out")"
  local per oper other origin_ticks=$((oafter - obefore))
  [[ "$kind" == direct ]] && origin_ticks=0 # the origin is the target: counted once
  per="$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "-" }')"
  oper="$(awk -v t=$((oafter - obefore)) -v hz="$clk_tck" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "-" }')"
  other="$(awk -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) -v s=$((after - before + origin_ticks)) -v w="${wrk_ticks:-0}" \
    'BEGIN { if (t > 0) printf "%.0f", 100 * (b - s - w) / t; else print "-" }')"
  [[ "$r" == - || "$n" == 0 ]] && per=- oper=-
  results["$kind|$obj"]+="$r:$p:$per "
  row "$kind" "$obj" "$round" "$r" "$p" "$per" "$oper" "${other:--}" "$hit" "$errs"
}

cdn_metrics() { # the cache-related lines of cdn-edge's /metrics, for the record
  curl -s --max-time 2 "http://127.0.0.1:${port[cdn-edge-admin]}/metrics" 2>/dev/null |
    grep -v '^#' | grep -iE 'hit|miss|origin|cache' | head -15 | sed 's/^/  metrics: /' || true
}

echo "cdn-vs-varnish-nginx $stamp  rounds=$rounds duration=${duration}s warmup=${warmup}s wrk -t2 -c$connections"
echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, shared by wrk, the target and the origin; $(uname -sr); $(java -version 2>&1 | head -1)"
echo "versions: $(if command -v varnishd >/dev/null; then varnishd -V 2>&1 | head -1; else echo "varnish not installed"; fi)   $(nginx -v 2>&1)   $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-3)   $(curl --version | head -1 | cut -d' ' -f1-2)   TIERKIT_JAVA_OPTS: ${TIERKIT_JAVA_OPTS-unset, so the launcher defaults}"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "threads: cdn-edge --threads $threads, nginx-cache worker_processes $threads, varnish its defaults (thread_pools 2, thread_pool_min 100), origin nginx 1 worker"
echo "ports: origin ${port[origin]}, cdn-edge ${port[cdn-edge]} (admin ${port[cdn-edge-admin]}), varnish ${port[varnish]} (admin ${port[varnish-admin]}), nginx-cache ${port[nginx-cache]}; nginx-cache files under $cache_root"
echo "objects: /obj-1k.bin 1024 B, /obj-64k.bin 65536 B, Cache-Control: public, max-age=3600"
for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && echo "$kind: SKIPPED: ${skipped[$kind]}"
done
echo

for ((round = 1; round <= rounds; round++)); do
  order=()
  for ((i = 0; i < ${#kinds[@]}; i++)); do order+=("${kinds[(i + round - 1) % ${#kinds[@]}]}"); done
  echo "== round $round of $rounds (${order[*]})"
  row target object round "req/s" p99_ms cpu_us/req origin_us other% hit errors
  for kind in "${order[@]}"; do
    [[ -n "${skipped[$kind]:-}" ]] && continue
    start_target "$kind" || { for obj in "${objects[@]}"; do results["$kind|$obj"]+="-:-:- "; done; continue; }
    declare -A hit=()
    for obj in "${objects[@]}"; do hit[$obj]="$(hit_check "$kind" "$obj")"; done
    wrk_summary 2 "$connections" "$warmup" "http://127.0.0.1:${port[$kind]}${objects[0]}" >/dev/null
    for obj in "${objects[@]}"; do
      measure "$kind" "$obj" "${hit[$obj]%%:*}" || break
      [[ "${hit[$obj]}" == no* ]] && echo "  $kind $obj not a hit: ${hit[$obj]#no: }"
    done
    unset hit
    [[ "$kind" == cdn-edge ]] && cdn_metrics
    [[ "$kind" != direct ]] && stop "$target_pid"
  done
  echo
done

echo "== medians over $rounds round(s) (wrk -t2 -c$connections -d${duration}s)"
printf '%-12s %-13s %10s %9s %11s %10s\n' target object "req/s" p99_ms cpu_us/req of_direct
declare -A med=()
for obj in "${objects[@]}"; do
  for kind in cdn-edge varnish nginx-cache direct; do
    for m in 1 2 3; do
      vals=()
      for v in ${results["$kind|$obj"]:-}; do vals+=("$(cut -d: -f"$m" <<<"$v")"); done
      if ((${#vals[@]})); then med["$kind|$obj|$m"]="$(median "${vals[@]}")"; else med["$kind|$obj|$m"]=-; fi
    done
  done
  for kind in "${kinds[@]}"; do
    printf '%-12s %-13s %10s %9s %11s %10s\n' "$kind" "$obj" "${med[$kind|$obj|1]}" "${med[$kind|$obj|2]}" \
      "${med[$kind|$obj|3]}" "$(ratio "${med[$kind|$obj|1]}" "${med[direct|$obj|1]}")"
  done
done
echo
echo "== ratios (req/s: above 1 is better for the first; p99 and cpu/req: below 1 is better for the first)"
pairs=("cdn-edge varnish" "cdn-edge nginx-cache" "varnish nginx-cache")
$peers_only && pairs=("varnish nginx-cache")
for pair in "${pairs[@]}"; do
  read -r a b <<<"$pair"
  for obj in "${objects[@]}"; do
    printf '%-22s %-13s req/s %6s   p99 %6s   cpu/req %6s\n' "$a/$b" "$obj" \
      "$(ratio "${med[$a|$obj|1]}" "${med[$b|$obj|1]}")" "$(ratio "${med[$a|$obj|2]}" "${med[$b|$obj|2]}")" \
      "$(ratio "${med[$a|$obj|3]}" "${med[$b|$obj|3]}")"
  done
done
for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && echo "$kind: not run: ${skipped[$kind]}"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "results: $results_file"
if ! $peers_only && [[ -n "${skipped[cdn-edge]:-}" ]]; then
  echo "cdn-edge side FAILED: ${skipped[cdn-edge]}"
  exit 1
fi
