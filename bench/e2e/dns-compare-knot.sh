#!/usr/bin/env bash
# Asks dns-geo and knotd the same questions about the same zone and prints where their answers
# differ (header flags, rcode, every section; ids, timings and OPT padding ignored).
#
#   bench/e2e/dns-compare-knot.sh [ZONEFILE ORIGIN]
#
# Defaults to dns-geo's integration-test zone. Installs knot and dnsutils when missing. Both
# servers run on loopback ports of their own and are stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ZONE="${1:-$ROOT/dns-geo/src/test/resources/it/example.test.zone}"
ORIGIN="${2:-example.test}"
if ! command -v knotd >/dev/null || ! command -v dig >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq knot dnsutils >/dev/null) \
    || { echo "knot and dnsutils are needed (apt-get install knot dnsutils)" >&2; exit 1; }
fi
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
KNOT_PORT=$(free_port)
TK_PORT=$(free_port)
mkdir -p "$WORK/run" "$WORK/db"
cp "$ZONE" "$WORK/$ORIGIN.zone"
cat > "$WORK/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$KNOT_PORT
    rundir: $WORK/run
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
    nsid: compare
    edns-client-subnet: on
log:
  - target: stderr
    any: error
database:
    storage: $WORK/db
template:
  - id: default
    storage: $WORK
    file: "%s.zone"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: $ORIGIN
CONF
knotd -c "$WORK/knot.conf" &
PIDS+=($!)
"$ROOT/tierkit" dns-geo --bind 127.0.0.1 --port "$TK_PORT" --admin-port -1 --threads 1 \
  --nsid compare --zone "$ORIGIN=$WORK/$ORIGIN.zone" >"$WORK/tierkit.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  if dig +short +time=1 +tries=1 @127.0.0.1 -p "$KNOT_PORT" "$ORIGIN" SOA >/dev/null 2>&1 \
    && dig +short +time=1 +tries=1 @127.0.0.1 -p "$TK_PORT" "$ORIGIN" SOA 2>/dev/null | grep -q .; then
    break
  fi
  sleep 0.2
done

# name type [dig options...]
QUERIES=(
  "$ORIGIN SOA" "$ORIGIN NS" "$ORIGIN MX" "$ORIGIN ANY" "$ORIGIN ANY +tcp"
  "static.$ORIGIN A" "StAtIc.$ORIGIN A" "static.$ORIGIN AAAA" "nope.$ORIGIN A"
  "mail.$ORIGIN AAAA" "alias.$ORIGIN A" "chain.$ORIGIN A" "chain.$ORIGIN CNAME"
  "text.$ORIGIN TXT" "_sip._tcp.$ORIGIN SRV" "caa.$ORIGIN CAA" "x.wild.$ORIGIN A"
  "x.wild.$ORIGIN MX" "y.x.wild.$ORIGIN A" "wild.$ORIGIN A" "b.deep.$ORIGIN A" "deep.$ORIGIN A"
  "sub.$ORIGIN NS" "host.sub.$ORIGIN A" "sub.$ORIGIN DS" "ns.sub.$ORIGIN A"
  "big.$ORIGIN TXT +noedns" "big.$ORIGIN TXT +bufsize=1232" "big.$ORIGIN TXT +tcp"
  "static.$ORIGIN A +nsid" "static.$ORIGIN A +edns=1" "static.$ORIGIN A +subnet=10.1.2.0/24"
  "example.org A" "$ORIGIN AXFR +tcp" "$ORIGIN IXFR=1" "static.$ORIGIN A +opcode=2"
  "static.$ORIGIN A +dnssec" "static.$ORIGIN A +cd" "static.$ORIGIN TYPE65534"
  "static.$ORIGIN A +rec" "$ORIGIN CH A"
)
normalize() {
  sed -E -e 's/id: [0-9]+/id: N/' -e '/^;; (Query time|SERVER|WHEN|MSG SIZE)/d' \
    -e '/^; <<>> DiG/d' -e '/^;; global options/d' -e '/^; \(1 server found\)/d' \
    -e '/^;; Got answer/d' -e '/^; COOKIE/d' -e '/^$/d'
}
same=0
differ=0
for q in "${QUERIES[@]}"; do
  # shellcheck disable=SC2086
  a=$(dig +time=2 +tries=1 +norec @127.0.0.1 -p "$KNOT_PORT" $q 2>&1 | normalize || true)
  # shellcheck disable=SC2086
  b=$(dig +time=2 +tries=1 +norec @127.0.0.1 -p "$TK_PORT" $q 2>&1 | normalize || true)
  if [[ "$a" == "$b" ]]; then
    same=$((same + 1))
  else
    differ=$((differ + 1))
    echo "=== $q   (< knotd   > dns-geo)"
    diff <(echo "$a") <(echo "$b") || true
  fi
done
echo "queries: $((same + differ)), identical: $same, different: $differ"
