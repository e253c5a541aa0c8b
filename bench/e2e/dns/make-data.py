#!/usr/bin/env python3
"""Zone and query files for bench/e2e/dns-vs-knot-gdnsd.sh (standard library only).

Usage: make-data.py OUTDIR [--queries N] [--seed S]

Writes, deterministically for a given seed:
  example.test.zone  the zone all three servers load: SOA, 2 NS, MX, TXT (SPF, DMARC), 3000 hosts
                     with an A record, every other one with an AAAA too, 100 names with an MX,
                     200 with a TXT, two CNAMEs and a wildcard. It does not hold geo.example.test.:
                     each server defines that name its own way (the script appends a line for
                     knotd and gdnsd; dns-geo has it in geo.yaml).
  queries.txt        the query list, "name type" per line (dnsperf's text format), N lines:
                     20% geo A, 35% host A, 15% host AAAA, 5% MX, 5% TXT, 5% through a CNAME,
                     5% wildcard, 10% NXDOMAIN, shuffled
  plain.bin          those queries in dnsperf's -B format (RFC 1035 4.2.2 length prefix), each with
                     an EDNS0 OPT record (UDP size 1232) and no option
  ecs.bin            the same queries, the same OPT record plus an EDNS Client Subnet option
                     (RFC 7871) whose subnet rotates: 40% 10.1.x.0/24 (us-east in the geo map),
                     40% 10.2.x.0/24 (eu-west), 10% other IPv4 /24s and 10% IPv6 /56s (default)
  ecs-sample.txt     the first 200 queries of ecs.bin as "name type subnet" for answer checks

Why binary: dnsperf 2.10's -E adds one fixed option to every query, so a rotating subnet needs
packets built beforehand; -B sends each one as written (only the ID is overwritten). The plain
mix goes through the same path with the same OPT record, so the two mixes differ by the ECS
option alone.
"""

import argparse
import ipaddress
import os
import random
import struct

ORIGIN = "example.test."
HOSTS = 3000
MX_NAMES = 100
TXT_NAMES = 200
TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28}


def host(i):
    return f"srv{i:04d}"


def write_zone(path):
    lines = [
        f"$ORIGIN {ORIGIN}",
        "$TTL 3600",
        "@ 300 IN SOA ns1 hostmaster ( 2026120101 7200 900 1209600 300 )",
        "@ IN NS ns1",
        "@ IN NS ns2",
        "@ IN MX 10 mx1",
        "@ IN MX 20 mx2",
        '@ IN TXT "v=spf1 mx -all"',
        '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"',
        "ns1 IN A 192.0.2.53",
        "ns1 IN AAAA 2001:db8::53",
        "ns2 IN A 192.0.2.54",
        "mx1 IN A 192.0.2.25",
        "mx2 IN A 192.0.2.26",
        "www IN CNAME srv0001",
        "cdn 300 IN CNAME srv0002",
        "*.apps IN A 192.0.2.99",
    ]
    for i in range(HOSTS):
        lines.append(f"{host(i)} IN A 198.18.{i // 256}.{i % 256}")
        if i % 2 == 0:
            lines.append(f"{host(i)} IN AAAA 2001:db8:18::{i:x}")
    for i in range(MX_NAMES):
        lines.append(f"dept{i:03d} IN MX 10 mx1")
        lines.append(f"dept{i:03d} IN MX 20 mx2")
    for i in range(TXT_NAMES):
        lines.append(f'txt{i:03d} IN TXT "site-verification=bench-{i:06d}"')
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def make_queries(rng, n):
    # (weight, generator) in percent
    mix = [
        (20, lambda: ("geo", "A")),
        (35, lambda: (host(rng.randrange(HOSTS)), "A")),
        (15, lambda: (host(2 * rng.randrange(HOSTS // 2)), "AAAA")),
        (5, lambda: rng.choice([("@", "MX"), (f"dept{rng.randrange(MX_NAMES):03d}", "MX")])),
        (5, lambda: rng.choice([("@", "TXT"), ("_dmarc", "TXT"), (f"txt{rng.randrange(TXT_NAMES):03d}", "TXT")])),
        (5, lambda: (rng.choice(["www", "cdn"]), "A")),
        (5, lambda: (f"app{rng.randrange(10000)}.apps", "A")),
        (10, lambda: (f"nx{rng.randrange(1_000_000):06d}", rng.choice(["A", "AAAA"]))),
    ]
    queries = []
    for weight, gen in mix:
        queries += [gen() for _ in range(n * weight // 100)]
    rng.shuffle(queries)
    return [((ORIGIN if label == "@" else f"{label}.{ORIGIN}"), qtype) for label, qtype in queries]


def make_subnets(rng, n):
    subnets = []
    for _ in range(n):
        r = rng.random()
        if r < 0.4:
            subnets.append(ipaddress.ip_network(f"10.1.{rng.randrange(256)}.0/24"))
        elif r < 0.8:
            subnets.append(ipaddress.ip_network(f"10.2.{rng.randrange(256)}.0/24"))
        elif r < 0.9:
            subnets.append(ipaddress.ip_network(f"203.0.{rng.randrange(256)}.0/24"))
        else:
            subnets.append(ipaddress.ip_network(f"2001:db8:{rng.randrange(65536):x}:{rng.randrange(256):x}00::/56"))
    return subnets


def wire_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def packet(name, qtype, subnet):
    # ID 0 (dnsperf writes its own), no flags (RD clear: resolvers ask authorities that way)
    header = struct.pack("!HHHHHH", 0, 0, 1, 0, 0, 1)
    question = wire_name(name) + struct.pack("!HH", TYPES[qtype], 1)
    options = b""
    if subnet is not None:
        family = 1 if subnet.version == 4 else 2
        prefix = subnet.prefixlen
        address = subnet.network_address.packed[: (prefix + 7) // 8]
        data = struct.pack("!HBB", family, prefix, 0) + address
        options = struct.pack("!HH", 8, len(data)) + data
    opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0, len(options)) + options
    body = header + question + opt
    return struct.pack("!H", len(body)) + body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--queries", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    write_zone(os.path.join(args.outdir, "example.test.zone"))
    queries = make_queries(rng, args.queries)
    subnets = make_subnets(rng, len(queries))
    with open(os.path.join(args.outdir, "queries.txt"), "w") as f:
        f.writelines(f"{name} {qtype}\n" for name, qtype in queries)
    with open(os.path.join(args.outdir, "plain.bin"), "wb") as f:
        f.writelines(packet(name, qtype, None) for name, qtype in queries)
    with open(os.path.join(args.outdir, "ecs.bin"), "wb") as f:
        f.writelines(packet(name, qtype, s) for (name, qtype), s in zip(queries, subnets))
    with open(os.path.join(args.outdir, "ecs-sample.txt"), "w") as f:
        f.writelines(f"{name} {qtype} {s}\n" for (name, qtype), s in list(zip(queries, subnets))[:200])


if __name__ == "__main__":
    main()
