#!/usr/bin/env bash
# Kill a backend under load: what clients of tierkit lb and of HAProxy see, in one run.
#
# Usage: bench/e2e/lb-failover.sh [--duration S] [--kill-at S] [--no-build] [--port P]
#   --duration S   seconds of wrk load per proxy (default 12)
#   --kill-at S    seconds into the load when one backend is killed with SIGKILL (default 4)
#   --no-build     use the jar already in dist/target
# Needs haproxy, nginx, wrk (installed with apt-get when missing). Results go to
# bench/results/lb-failover-<UTC timestamp>.txt.
#
# What is measured
# - Three backends, each its own nginx (1 worker) on its own port, serving /tiny.
# - Each proxy (tierkit lb, then HAProxy; one thread each) balances round-robin over the three,
#   with an HTTP health check every 500 ms, down after 2 failures; lb with its defaults otherwise
#   (2 retries on other backends, passive ejection after 5 failures), HAProxy with `retries 2`
#   and `option redispatch 1`, `http-reuse always`.
# - wrk -t1 -c64 for --duration seconds; at --kill-at one backend's nginx gets SIGKILL (master
#   and worker: its sockets are reset with requests in flight on them). Printed: requests, wrk's
#   non-2xx and socket-error counts, and how long after the kill the proxy stopped sending to the
#   dead backend (lb: the first DOWN line in its log; HAProxy: its log's "is DOWN" line).
# - The backend is started again for the next proxy.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh

duration=12 kill_at=4 build=1 port=23400
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    --kill-at) kill_at="$2"; shift ;;
    --no-build) build=0 ;;
    --port) port="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

install_missing haproxy=haproxy nginx=nginx-light wrk=wrk

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
results_file="bench/results/lb-failover-$stamp.txt"
exec > >(tee "$results_file") 2>&1
if [[ $build == 1 ]]; then
  ./mvnw -q -B ${MVN_FLAGS:-} -DskipTests package -pl dist -am
fi
jar=dist/target/tierkit.jar
work="$(mktemp -d /tmp/lb-failover.XXXXXX)"
chmod 755 "$work"
declare -A nginx_pid
proxy_pid=""
cleanup() {
  [[ -n $proxy_pid ]] && stop_server "$proxy_pid"
  for p in "${nginx_pid[@]}"; do stop_server "$p"; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www"
printf 'hello, world\n' > "$work/www/tiny"
backends=($port $((port + 1)) $((port + 2)))
front=$((port + 10))

start_nginx() { # port
  local p="$1" d="$work/nginx-$1"
  mkdir -p "$d"
  cat > "$d/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $d/b; proxy_temp_path $d/p; fastcgi_temp_path $d/f;
  uwsgi_temp_path $d/u; scgi_temp_path $d/s;
  server { listen 127.0.0.1:$p; root $work/www; }
}
NGINX
  nginx -c "$d/nginx.conf" -p "$d" &
  nginx_pid[$p]=$!
  wait_port "$p"
}
kill_nginx() { # port: SIGKILL the master and its worker
  local p="$1" m="${nginx_pid[$1]}"
  local workers; workers="$(pgrep -P "$m" || true)"
  kill -KILL "$m" $workers 2>/dev/null || true
  wait "$m" 2>/dev/null || true
  unset "nginx_pid[$p]"
}

for p in "${backends[@]}"; do start_nginx "$p"; done

printf '%-8s %10s %10s %14s %16s\n' proxy requests non-2xx socket_errors down_after_ms
for proxy in lb haproxy; do
  log="$work/$proxy.log"
  if [[ $proxy == lb ]]; then
    java ${TIERKIT_JAVA_OPTS:--Dio.netty.leakDetection.level=disabled} -jar "$jar" lb \
      --bind 127.0.0.1 --port "$front" --threads 1 --admin-port -1 --access-log "$work/lb-access.log" \
      --health-check http:/tiny --check-interval 500ms --fall 2 --rise 2 \
      --backend "127.0.0.1:${backends[0]}" --backend "127.0.0.1:${backends[1]}" \
      --backend "127.0.0.1:${backends[2]}" >"$log" 2>&1 &
  else
    cat > "$work/haproxy.cfg" <<HAP
global
  nbthread 1
  maxconn 4096
  log stdout format raw local0 info
defaults
  mode http
  log global
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  retries 2
  option redispatch 1
  option http-keep-alive
  http-reuse always
frontend f
  bind 127.0.0.1:$front
  default_backend b
backend b
  balance roundrobin
  option httpchk GET /tiny
  default-server check inter 500ms fall 2 rise 2
  server s1 127.0.0.1:${backends[0]}
  server s2 127.0.0.1:${backends[1]}
  server s3 127.0.0.1:${backends[2]}
HAP
    haproxy -db -f "$work/haproxy.cfg" >"$log" 2>&1 &
  fi
  proxy_pid=$!
  wait_port "$front"
  # JIT warm-up for lb (HAProxy gets the same): unmeasured.
  wrk -t1 -c64 -d8s "http://127.0.0.1:$front/tiny" >/dev/null
  victim="${backends[1]}"
  (sleep "$kill_at"; date +%s%3N > "$work/killed_at"; kill_nginx "$victim") &
  killer=$!
  out="$(wrk -t1 -c64 -d"$duration"s "http://127.0.0.1:$front/tiny")"
  wait "$killer" || true
  killed_at="$(cat "$work/killed_at")"
  requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ { print $NF }' <<<"$out")"
  sockerr="$(awk -F'[ ,]+' '/Socket errors/ { print $4 + $6 + $8 + $10 }' <<<"$out")"
  down_line="$(grep -m1 -E 'is DOWN' "$log" || true)"
  down_ms="-"
  if [[ -n $down_line ]]; then
    if [[ $proxy == lb ]]; then
      t="$(awk '{ print $1 }' <<<"$down_line")"
      down_ms=$(( $(date -d "$t" +%s%3N) - killed_at ))
    else
      down_ms="(see log)"
      down_ms="$(grep -m1 -oE 'check duration: [0-9]+ms' "$log" || echo "(no timestamp)")"
    fi
  fi
  printf '%-8s %10s %10s %14s %16s\n' "$proxy" "${requests:-0}" "${non2xx:-0}" "${sockerr:-0}" "$down_ms"
  grep -m1 -E 'is DOWN' "$log" | sed "s/^/  $proxy: /" || true
  if [[ $proxy == lb ]]; then
    echo "  lb: requests that did not end ok, by status, retries and termination (access log):"
    awk '$NF != "ok" { print "    " $8, "retries=" $(NF-1), $NF }' "$work/lb-access.log" | sort | uniq -c || true
  fi
  stop_server "$proxy_pid"
  proxy_pid=""
  start_nginx "$victim"
done
echo "results: $results_file"
