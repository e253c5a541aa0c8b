# shellcheck shell=bash
# Shared by the bench/e2e scripts (sourced, not run): stopping the servers a script started, the
# CPU a process used, and the medians and ratios the result tables print.

# Stops one server the script started: SIGTERM, up to 10 s to exit, then SIGKILL.
stop_server() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after the
# command name, which may hold spaces).
cpu_ticks() { awk '{ s = substr($0, index($0, ")") + 2); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }

# The median of the arguments, "-" ones left out; "-" when none is left.
median() { printf '%s\n' "$@" | { grep -v '^-$' || true; } | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# a / b to two places; "-" when either is unknown or b is 0.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f\n", a / b }'; }

# Waits up to 30 s for a TCP listener on 127.0.0.1:PORT; fails (status 1, one line) if none opens.
wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 never opened" >&2
  return 1
}

# Installs with apt-get the Debian package of each COMMAND=PACKAGE whose command is missing.
install_missing() {
  local need=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || need+=("${pair#*=}")
  done
  if [[ ${#need[@]} -gt 0 ]]; then
    echo "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# The PerfTest version the parent pom names (the perf-test.version property).
perftest_version() { sed -n 's:.*<perf-test.version>\(.*\)</perf-test.version>.*:\1:p' pom.xml; }

# Prints RabbitMQ PerfTest's class path, resolved by Maven (MVN_FLAGS applied) from a throwaway
# pom in DIR; run from the project root.
perftest_classpath() {
  local dir="$1"
  mkdir -p "$dir"
  cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench.local</groupId><artifactId>perftest-classpath</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>com.rabbitmq</groupId><artifactId>perf-test</artifactId><version>$(perftest_version)</version>
    </dependency>
  </dependencies>
</project>
POM
  # shellcheck disable=SC2086 # MVN_FLAGS is a list of Maven flags, split on purpose
  ./mvnw -q -B ${MVN_FLAGS:-} -f "$dir/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$dir/cp.txt" >/dev/null
  cat "$dir/cp.txt"
}

# cpu_ticks of a process plus those of its children: nginx's workers, varnishd's cache process.
tree_cpu_ticks() {
  local total child
  total="$(cpu_ticks "$1")" || return 1
  for child in $(pgrep -P "$1" || true); do
    total=$((total + $(cpu_ticks "$child" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Resident set size of a process in KiB (VmRSS of /proc/PID/status); of it and its children with
# tree_rss_kb.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
tree_rss_kb() {
  local total child
  total="$(rss_kb "$1")" || return 1
  for child in $(pgrep -P "$1" || true); do
    total=$((total + $(rss_kb "$child" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# The first port from P up that no TCP listener holds (callers asking for several pass the last
# one + 1: nothing is bound in between).
free_tcp_port() {
  local p="$1"
  while ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

# Waits up to S seconds (default 60) for URL to answer 200; given a PID, fails as soon as that
# process has exited. One line on stderr when it fails.
wait_http() {
  local url="$1" seconds="${2:-60}" pid="${3:-}" deadline
  deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $url answered" >&2
      return 1
    fi
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" == 200 ]] && return 0
    sleep 0.1
  done
  echo "$url did not answer 200 within $seconds s" >&2
  return 1
}

# One wrk run, summarised as "req/s p99_ms requests errors..." ("-" for what wrk did not print;
# errors are wrk's Non-2xx and socket error lines, empty when there were none).
wrk_summary() { # threads connections seconds url
  local out rps p99 reqs errors
  out="$(timeout $(($3 + 30)) wrk -t"$1" -c"$2" -d"$3"s --latency "$4" 2>&1 || true)"
  rps="$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")"
  reqs="$(awk '/requests in/ { print $1 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; print v }' <<<"$out")"
  errors="$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out" | tr -s ' \n' ' ')"
  echo "${rps:--} ${p99:--} ${reqs:-0} ${errors}"
}
