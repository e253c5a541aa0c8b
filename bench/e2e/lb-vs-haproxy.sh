#!/usr/bin/env bash
# tierkit lb against HAProxy, side by side on loopback, in one run.
#
# Usage: bench/e2e/lb-vs-haproxy.sh [options]
#   --quick          1 round, 5 s per load, 5 s warm-up (~3 min; the default run takes ~10 min)
#   --rounds R       rounds (default 3), alternating which proxy goes first
#   --duration S     measured seconds per wrk run (default 10; --quick 5)
#   --warmup S       unmeasured seconds of load each fresh proxy gets first (default 15; --quick 5)
#   --connections N  wrk connections (default 64)
#   --no-build       use the jar already in dist/target
#   --port P         first of the private ports (default 23100)
# Environment: TIERKIT_JAVA_OPTS (JVM flags of lb, as for ./tierkit), MVN_FLAGS (extra build flags).
#
# Needs haproxy, nginx (nginx-light is enough), wrk; installs them with apt-get when missing.
# Results (everything printed) go to bench/results/lb-vs-haproxy-<UTC timestamp>.txt.
#
# What is measured
# - Three backends: one nginx (1 worker process, access log off, keep-alive on) listening on
#   three ports, serving /tiny (a 13-byte body) and /64k (a 64 KiB file).
# - Five targets, each proxy with ONE thread (tierkit lb --threads 1, HAProxy nbthread 1), all
#   round-robin over the three backends with keep-alive to them:
#     lb-http       ./tierkit lb --mode http
#     haproxy-http  haproxy mode http, option http-keep-alive, http-reuse always
#     lb-tcp        ./tierkit lb --mode tcp
#     haproxy-tcp   haproxy mode tcp, option splice-auto
#     direct        wrk straight to one backend: the limit of this machine
#   For each: wrk -t1 -cN -dS --latency on /tiny and on /64k. Printed per run: req/s, p99
#   latency, and the proxy's CPU per request in microseconds ((utime + stime from /proc/PID/stat
#   after minus before, over the measured window) / requests); for direct, the nginx worker's
#   CPU per request, the cost of serving without a proxy.
# - Medians over rounds, then the ratios lb/haproxy in the same mode (req/s: above 1 is better for
#   lb; CPU/req: below 1 is better for lb) and each proxy's req/s as a share of direct.
#
# What could make the numbers lie
# - Two cores carry wrk, nginx and the proxy at once: a proxy's req/s is bounded by what the other
#   two leave it, which is why CPU per request is printed beside req/s and is the fairer figure.
# - A JVM runs slower until the JIT has compiled the hot paths: each lb gets --warmup seconds of
#   load first (HAProxy gets the same, unneeded). lb reaches its speed after 10-15 s of load (6 s
#   runs in a row gave 8.7k, 24.8k, 31.1k req/s), hence the 15 s default.
# - /proc CPU ticks are 10 ms: over 10 s of load at tens of thousands of req/s the error is <1%.
# - In tcp mode wrk's keep-alive connections are relayed one-to-one, so tcp mode measures relaying
#   over 64 long connections, not connection setup.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh

rounds=3 duration=10 warmup=15 connections=64 build=1 port=23100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) rounds=1 duration=5 warmup=5 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --no-build) build=0 ;;
    --port) port="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

install_missing haproxy=haproxy nginx=nginx-light wrk=wrk

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/lb-vs-haproxy-$stamp.txt"
exec > >(tee "$results_file") 2>&1

if [[ $build == 1 ]]; then
  ./mvnw -q -B ${MVN_FLAGS:-} -DskipTests package -pl dist -am
fi
jar=dist/target/tierkit.jar
work="$(mktemp -d /tmp/lb-bench.XXXXXX)"
chmod 755 "$work" # nginx workers run as nobody and must read the files
pids=()
cleanup() { for p in "${pids[@]}"; do stop_server "$p"; done; if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

b1=$port b2=$((port + 1)) b3=$((port + 2)) front=$((port + 10))
mkdir -p "$work/www" "$work/nginx"
printf 'hello, world\n' > "$work/www/tiny"
head -c 65536 /dev/urandom > "$work/www/64k"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$b1; listen 127.0.0.1:$b2; listen 127.0.0.1:$b3;
    root $work/www;
  }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)

wait_port "$b1"

haproxy_cfg() { # mode
  local mode="$1"
  cat <<HAP
global
  nbthread 1
  maxconn 4096
defaults
  mode $mode
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
$( [[ $mode == http ]] && printf '  option http-keep-alive\n  http-reuse always\n' )
$( [[ $mode == tcp ]] && printf '  option splice-auto\n' )
frontend f
  bind 127.0.0.1:$front
  default_backend b
backend b
  balance roundrobin
  server s1 127.0.0.1:$b1
  server s2 127.0.0.1:$b2
  server s3 127.0.0.1:$b3
HAP
}

start_target() { # name -> sets target_pid, target_port
  case "$1" in
    lb-http|lb-tcp)
      local mode="${1#lb-}"
      java ${TIERKIT_JAVA_OPTS:--Dio.netty.leakDetection.level=disabled} -jar "$jar" lb \
        --mode "$mode" --bind 127.0.0.1 --port "$front" --threads 1 --admin-port -1 \
        --backend "127.0.0.1:$b1" --backend "127.0.0.1:$b2" --backend "127.0.0.1:$b3" \
        >"$work/$1.log" 2>&1 &
      target_pid=$! target_port=$front ;;
    haproxy-http|haproxy-tcp)
      haproxy_cfg "${1#haproxy-}" > "$work/$1.cfg"
      haproxy -db -f "$work/$1.cfg" >"$work/$1.log" 2>&1 &
      target_pid=$! target_port=$front ;;
    direct) target_pid="$(pgrep -P "${pids[0]}" | head -1)" target_port=$b1 ;; # the nginx worker
  esac
  wait_port "$target_port"
}

# wrk's summary -> "req/s p99_ms requests"
run_wrk() { # port path seconds
  local out
  out="$(wrk -t1 -c"$connections" -d"$3"s --latency "http://127.0.0.1:$1$2" 2>&1)"
  local rps p99 reqs errors
  rps="$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")"
  reqs="$(awk '/requests in/ { print $1 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; print v }' <<<"$out")"
  errors="$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out" | tr '\n' ' ')"
  echo "${rps:--} ${p99:--} ${reqs:-0} ${errors}"
}

targets=(lb-http haproxy-http lb-tcp haproxy-tcp direct)
declare -A rps p99 cpu
printf '%-13s %-5s %5s %12s %9s %12s  %s\n' target path round "req/s" "p99_ms" "cpu_us/req" errors
for round in $(seq "$rounds"); do
  order=("${targets[@]}")
  if (( round % 2 == 0 )); then order=(haproxy-http lb-http haproxy-tcp lb-tcp direct); fi
  for t in "${order[@]}"; do
    start_target "$t"
    run_wrk "$target_port" /tiny "$warmup" >/dev/null
    for path in /tiny /64k; do
      before="$(cpu_ticks "$target_pid")"
      read -r r p n errs < <(run_wrk "$target_port" "$path" "$duration")
      after="$(cpu_ticks "$target_pid")"
      c="$(awk -v a="$before" -v b="$after" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", (b - a) * 10000 / n; else print "-" }')"
      printf '%-13s %-5s %5s %12s %9s %12s  %s\n' "$t" "$path" "$round" "$r" "$p" "$c" "$errs"
      rps[$t$path]+="$r " p99[$t$path]+="$p " cpu[$t$path]+="$c "
    done
    if [[ $t != direct ]]; then stop_server "$target_pid"; fi
  done
done

echo
echo "medians over $rounds rounds (wrk -t1 -c$connections -d${duration}s; each proxy 1 thread)"
printf '%-13s %-5s %12s %9s %12s %10s\n' target path "req/s" "p99_ms" "cpu_us/req" "of_direct"
for path in /tiny /64k; do
  dr="$(median ${rps[direct$path]})"
  for t in "${targets[@]}"; do
    m="$(median ${rps[$t$path]})"
    printf '%-13s %-5s %12s %9s %12s %10s\n' "$t" "$path" "$m" "$(median ${p99[$t$path]})" \
      "$(median ${cpu[$t$path]})" "$(ratio "$m" "$dr")"
  done
done
echo
echo "ratios lb/haproxy (req/s: >1 better for lb; cpu/req: <1 better for lb)"
for mode in http tcp; do
  for path in /tiny /64k; do
    printf '%-5s %-5s req/s %6s   cpu/req %6s   p99 %6s\n' "$mode" "$path" \
      "$(ratio "$(median ${rps[lb-$mode$path]})" "$(median ${rps[haproxy-$mode$path]})")" \
      "$(ratio "$(median ${cpu[lb-$mode$path]})" "$(median ${cpu[haproxy-$mode$path]})")" \
      "$(ratio "$(median ${p99[lb-$mode$path]})" "$(median ${p99[haproxy-$mode$path]})")"
  done
done
echo "results: $results_file"
