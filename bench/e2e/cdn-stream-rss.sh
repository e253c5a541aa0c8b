#!/usr/bin/env bash
# Does tierkit cdn-edge stream a response it does not store, or hold it in memory? Its resident
# size while a slow client downloads 100 MB through it, beside Varnish's, in one run.
#
# Usage: bench/e2e/cdn-stream-rss.sh [options]
#   --size-mb N          size of each of the two files (default 100)
#   --rate R             curl --limit-rate of the client (default 50M: ~2 s per file)
#   --max-object-size S  cdn-edge --max-object-size (default 8m; the cacheable file is bigger)
#   --target-mb M        the RSS growth cdn-edge must stay under (default 32)
#   --peers-only         Varnish only, without tierkit cdn-edge
#   --port P             first of the private ports to try (default 24200)
# Environment: TIERKIT_JAVA_OPTS (JVM flags of cdn-edge, as for ./tierkit; unset = the launcher's
# defaults, no -Xmx), KEEP_WORK=1 (keep the temp dir with the configs and logs).
#
# Needs nginx (nginx-light is enough), varnish and curl; installs the missing ones with apt-get.
# cdn-edge runs through ./tierkit (the launcher builds dist/target/tierkit.jar when it is stale);
# when the jar has no cdn-edge command it is skipped with the reason printed and the script ends
# with status 1 (unless --peers-only). Results (everything printed) go to
# bench/results/cdn-stream-rss-<UTC timestamp>.txt.
#
# What is measured
# - Origin: a private nginx (1 worker, sendfile) serving two generated random files of N MB:
#   /pass.bin with Cache-Control: no-store (a pass: nothing may keep it) and /big.bin with
#   Cache-Control: public, max-age=3600 but larger than cdn-edge's --max-object-size (a miss that
#   is not stored), plus /small.bin (1 KiB, cacheable). Its access log records, per request, the
#   seconds it took to send the whole response ($request_time).
# - Targets, each started fresh: cdn-edge (./tierkit cdn-edge --origin ... --memory-mb 256
#   --max-object-size S) and varnishd -F -j none -s malloc,256m -b ORIGIN (builtin VCL: no-store
#   becomes a hit-for-miss, the cacheable file is stored whole since 256m holds it).
# - Per target: RSS (VmRSS of /proc/PID/status; for Varnish the manager plus its cache process)
#   when ready, then after two GETs of /small.bin (the baseline: connections, pools and first
#   buffers exist). Then per file: RSS before, sampled every 100 ms while one curl --limit-rate R
#   downloads the file through the target, and 1 s after it finished. Printed: the growth
#   (highest sample - before) in MB against the target of M MB for cdn-edge, the client's and
#   the origin's seconds for the transfer (when the target reads from the origin only as fast as
#   the client takes the bytes, the origin takes about as long as the client: "paced"; when it
#   reads ahead into memory, the origin finishes long before), the response's X-Cache (cdn-edge)
#   or X-Varnish and Age, and whether the sha256 of what the client received is the origin's.
#
# What could make the numbers lie
# - Loopback socket buffers (several MB each way, autotuned) let the origin run ahead of a client
#   that a target paces perfectly: "paced" allows the origin to finish up to 25% early.
# - 100 ms samples can miss a short peak; a growth of a few MB is within what the JVM's own
#   housekeeping (JIT, GC bookkeeping, thread stacks) adds at any time.
# - The JVM grows its heap when it allocates fast: a target that copies every chunk shows that
#   as RSS growth even when it holds nothing, which is the point of the test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$root/bench/e2e/lib.sh"

size_mb=100
rate=50M
max_object_size=8m
target_mb=32
peers_only=false
port_base=24200
while (($#)); do
  case "$1" in
    --size-mb) size_mb="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --max-object-size) max_object_size="$2"; shift ;;
    --target-mb) target_mb="$2"; shift ;;
    --peers-only) peers_only=true ;;
    --port) port_base="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "cdn-stream-rss: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done

install_missing nginx=nginx-light varnishd=varnish curl=curl || echo "apt-get failed; going on with what is installed"
for tool in nginx curl; do
  command -v "$tool" >/dev/null || { echo "cdn-stream-rss: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/cdn-stream-rss-$stamp.txt"
work="$(mktemp -d /tmp/cdn-rss.XXXXXX)"
chmod 755 "$work" # nginx workers run as nobody and must read the files
exec > >(tee "$results_file") 2>&1

started=()
sampler=""
cleanup() {
  [[ -n "$sampler" ]] && { kill "$sampler" 2>/dev/null || true; }
  for pid in "${started[@]}"; do stop_server "$pid"; done
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

declare -A skipped=()
command -v varnishd >/dev/null || skipped[varnish]="varnishd is not installed (apt-get install varnish)"
kinds=(cdn-edge varnish)
if $peers_only; then
  kinds=(varnish)
else
  # --help runs the launcher, which builds the jar first when it is stale; picocli answers an
  # unknown command's --help with the top-level usage and status 0, hence the Usage line check
  help_text="$(timeout 900 "$root/tierkit" cdn-edge --help 2>&1 || true)"
  if ! grep -q '^Usage: tierkit cdn-edge' <<<"$help_text"; then
    skipped[cdn-edge]="'./tierkit cdn-edge' does not exist on this branch (merge main once the cdn-edge command has landed)"
    grep -q '^Usage: tierkit \[' <<<"$help_text" ||
      skipped[cdn-edge]+=": $(grep -v '^tierkit: building' <<<"$help_text" | head -1)"
  elif ! grep -q -- '--max-object-size' <<<"$help_text"; then
    skipped[cdn-edge]="'./tierkit cdn-edge' has no --max-object-size option"
  fi
fi

declare -A port=()
p="$port_base"
for name in origin cdn-edge cdn-edge-admin varnish varnish-admin; do
  port[$name]="$(free_tcp_port "$p")"
  p=$((port[$name] + 1))
done

# --- origin ---------------------------------------------------------------------------------------
files=(/pass.bin /big.bin)
declare -A sha=() policy=([/pass.bin]="no-store" [/big.bin]="public, max-age=3600")
mkdir -p "$work/www" "$work/origin"
head -c $((size_mb << 20)) /dev/urandom >"$work/www/pass.bin"
head -c $((size_mb << 20)) /dev/urandom >"$work/www/big.bin"
head -c 1024 /dev/urandom >"$work/www/small.bin"
chmod 644 "$work/www"/*
for f in "${files[@]}"; do sha[$f]="$(sha256sum <"$work/www$f" | cut -d' ' -f1)"; done

cat >"$work/origin/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/origin/nginx.pid;
error_log $work/origin/error.log warn;
events { worker_connections 1024; }
http {
  log_format timed '\$request_uri \$status \$body_bytes_sent \$request_time';
  access_log $work/origin/access.log timed;
  sendfile on;
  client_body_temp_path $work/origin/body;
  proxy_temp_path $work/origin/proxy;
  fastcgi_temp_path $work/origin/fcgi;
  uwsgi_temp_path $work/origin/uwsgi;
  scgi_temp_path $work/origin/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port[origin]};
    root $work/www;
    location = /pass.bin { add_header Cache-Control "no-store" always; }
    location / { add_header Cache-Control "public, max-age=3600" always; }
  }
}
NGINX
nginx -c "$work/origin/nginx.conf" -p "$work/origin" >"$work/origin/log" 2>&1 &
origin_pid=$!
started+=("$origin_pid")
wait_port "${port[origin]}"

# --- targets --------------------------------------------------------------------------------------
start_target() { # kind: sets target_pid; returns 1 (with a message) if it does not come up
  local kind="$1" dir="$work/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$kind" in
    cdn-edge)
      # the launcher, so the daemon's JVM defaults apply as for users; it execs java (same PID)
      "$root/tierkit" cdn-edge --origin "http://127.0.0.1:${port[origin]}" --bind 127.0.0.1 \
        --port "${port[cdn-edge]}" --admin-port "${port[cdn-edge-admin]}" --memory-mb 256 \
        --max-object-size "$max_object_size" >"$dir/log" 2>&1 &
      target_pid=$!
      started+=("$target_pid")
      local deadline=$((SECONDS + 120)) ready=false path
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
  esac
  if ! wait_port "${port[$kind]}" 2>"$dir/wait.err" || ! kill -0 "$target_pid" 2>/dev/null; then
    echo "$kind did not open port ${port[$kind]}: $(cat "$dir/wait.err")"; tail -5 "$dir/log" 2>/dev/null || true
    stop "$target_pid"
    return 1
  fi
  echo "$kind runs as: $(tr '\0' ' ' <"/proc/$target_pid/cmdline")(pid $target_pid)"
}

mb() { awk -v k="$1" 'BEGIN { if (k == "" || k == "-") print "-"; else printf "%.1f", k / 1024 }'; }

row() { printf '%-9s %-10s %-21s %9s %9s %9s %9s %8s %8s %-7s %-6s %s\n' "$@"; }

download() { # kind file: one rate-limited download through the target, sampled; prints its row
  local kind="$1" f="$2" before after peak curl_out code client_s origin_s paced sum verdict headers
  before="$(tree_rss_kb "$target_pid")"
  : >"$work/samples"
  # one awk over the status files of the process and its children (listed once) per sample, so
  # that a sample costs one fork and the 100 ms period holds
  local status_files=() pid
  for pid in "$target_pid" $(pgrep -P "$target_pid" || true); do status_files+=("/proc/$pid/status"); done
  (while awk '/^VmRSS:/ { s += $2 } END { print s }' "${status_files[@]}" >>"$work/samples" 2>/dev/null; do
    sleep 0.1
  done) &
  sampler=$!
  curl_out="$(curl -s --max-time 120 --limit-rate "$rate" -D "$work/headers" -o "$work/download" \
    -w '%{http_code} %{time_total}' "http://127.0.0.1:${port[$kind]}$f" || echo "000 -")"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  sampler=""
  sleep 1 # "after" is the resident size once the transfer's buffers could have been given back
  after="$(tree_rss_kb "$target_pid" 2>/dev/null || echo -)"
  peak="$(sort -n "$work/samples" | tail -1)"
  peak="${peak:-$before}"
  read -r code client_s <<<"$curl_out"
  # the origin's last log line for this file: how long it took to send it
  origin_s="$(awk -v f="$f" '$1 == f { t = $4 } END { print (t == "" ? "-" : t) }' "$work/origin/access.log")"
  paced="$(awk -v o="$origin_s" -v c="$client_s" 'BEGIN { if (o == "-" || c == "-") print "-"; else if (o >= 0.75 * c) print "yes"; else print "no" }')"
  sum="$(if [[ "$(sha256sum <"$work/download" | cut -d' ' -f1)" == "${sha[$f]}" ]]; then echo ok; else echo DIFFERS; fi)"
  verdict=-
  if [[ "$kind" == cdn-edge ]]; then
    verdict="$(awk -v p="$peak" -v b="$before" -v t="$target_mb" 'BEGIN { if ((p - b) / 1024 < t) print "under " t " MB"; else print "OVER " t " MB" }')"
  fi
  headers="$(grep -iE '^(x-cache|x-varnish|age):' "$work/headers" | tr -d '\r' | tr '\n' ' ')"
  row "$kind" "$f" "${policy[$f]}" "$(mb "$before")" "$(mb "$peak")" "$(mb $((peak - before)))" "$(mb "$after")" \
    "$client_s" "$origin_s" "$paced" "$sum" "$code $verdict; ${headers:-no cache headers}; $(wc -l <"$work/samples") samples"
}

echo "cdn-stream-rss $stamp  files ${size_mb} MB each, client curl --limit-rate $rate, cdn-edge --max-object-size $max_object_size, target: growth under $target_mb MB"
echo "machine: $(nproc) cores, $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $(uname -sr); $(java -version 2>&1 | head -1)"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(if command -v varnishd >/dev/null; then varnishd -V 2>&1 | head -1; else echo "varnish not installed"; fi)   $(nginx -v 2>&1)   $(curl --version | head -1 | cut -d' ' -f1-2)   TIERKIT_JAVA_OPTS: ${TIERKIT_JAVA_OPTS-unset, so the launcher defaults}"
for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && echo "$kind: SKIPPED: ${skipped[$kind]}"
done
echo

for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && continue
  start_target "$kind" || continue
  ready_kb="$(tree_rss_kb "$target_pid")"
  for _ in 1 2; do curl -s --max-time 10 -o /dev/null "http://127.0.0.1:${port[$kind]}/small.bin" || true; done
  sleep 1
  echo "$kind RSS: $(mb "$ready_kb") MB when ready, $(mb "$(tree_rss_kb "$target_pid")") MB after two small GETs (the baseline)"
  row target file cache-control before_MB max_MB growth_MB after_MB client_s origin_s paced sha256 "status; headers"
  for f in "${files[@]}"; do download "$kind" "$f"; done
  stop "$target_pid"
  echo
done

for kind in "${kinds[@]}"; do
  [[ -n "${skipped[$kind]:-}" ]] && echo "$kind: not run: ${skipped[$kind]}"
done
echo "results: $results_file"
if ! $peers_only && [[ -n "${skipped[cdn-edge]:-}" ]]; then
  echo "cdn-edge side FAILED: ${skipped[cdn-edge]}"
  exit 1
fi
