"""Exercises a memcached server through pymemcache; exits non-zero on the first wrong answer.

Usage: python3 pymemcache_check.py HOST PORT
"""
import sys

from pymemcache.client.base import Client


def check(name, got, want):
    if got != want:
        print(f"FAIL {name}: got {got!r}, want {want!r}")
        sys.exit(1)
    print(f"ok {name}")


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    c = Client((host, port), connect_timeout=5, timeout=5)
    check("set", c.set("py:a", b"alpha", noreply=False), True)
    check("get", c.get("py:a"), b"alpha")
    check("get missing", c.get("py:missing"), None)
    check("add existing", c.add("py:a", b"x", noreply=False), False)
    check("add new", c.add("py:b", b"beta", noreply=False), True)
    check("replace", c.replace("py:b", b"BETA", noreply=False), True)
    check("append", c.append("py:b", b"!", noreply=False), True)
    check("prepend", c.prepend("py:b", b"<", noreply=False), True)
    check("get concat", c.get("py:b"), b"<BETA!")
    value, cas = c.gets("py:a")
    check("gets", value, b"alpha")
    check("cas ok", c.cas("py:a", b"alpha2", cas, noreply=False), True)
    check("cas stale", c.cas("py:a", b"alpha3", cas, noreply=False), False)
    check("cas missing", c.cas("py:none", b"x", cas, noreply=False), None)
    check("get_many", c.get_many(["py:a", "py:b", "py:missing"]), {"py:a": b"alpha2", "py:b": b"<BETA!"})
    c.set("py:n", b"10", noreply=False)
    check("incr", c.incr("py:n", 5, noreply=False), 15)
    check("decr floor", c.decr("py:n", 100, noreply=False), 0)
    check("incr missing", c.incr("py:n-missing", 1, noreply=False), None)
    check("touch", c.touch("py:a", 100, noreply=False), True)
    check("touch missing", c.touch("py:none", 100, noreply=False), False)
    check("delete", c.delete("py:a", noreply=False), True)
    check("delete missing", c.delete("py:a", noreply=False), False)
    for i in range(500):
        c.set(f"py:noreply:{i}", str(i).encode(), noreply=True)
    check("noreply pipeline", c.get("py:noreply:499"), b"499")
    check("empty value", c.set("py:empty", b"", noreply=False), True)
    check("get empty", c.get("py:empty"), b"")
    big = bytes(range(256)) * 1000
    check("set 256000 bytes", c.set("py:big", big, noreply=False), True)
    check("get 256000 bytes", c.get("py:big"), big)
    stats = c.stats()
    check("stats curr_items present", b"curr_items" in stats, True)
    check("version", c.version().startswith(b"1.6"), True)
    check("flush_all", c.flush_all(noreply=False), True)
    check("get after flush", c.get("py:b"), None)
    c.close()
    print("pymemcache: all checks passed")


if __name__ == "__main__":
    main()
