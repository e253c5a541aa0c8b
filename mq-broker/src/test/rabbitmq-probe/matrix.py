"""Records which topic patterns / headers bindings RabbitMQ matches, as fixtures for tests."""
import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe import *

def headers_props(h):
    if h is None: return struct.pack('>H', 0)
    return struct.pack('>H', 1 << 13) + table(h)

# messages carry their index as the body so we know which matched
def run_numbered(xtype, bindings, messages):
    c = ok_channel()
    xdeclare(c, 1, 'mx', xtype)
    errors = {}
    for i, (rk, args) in enumerate(bindings):
        q = f'mxq{i}'; qdeclare(c, 1, q)
        f = qbind(c, 1, q, 'mx', rk, args)
        if f[1:3] != (50, 21):
            errors[i] = describe_close(f); c = ok_channel()
    for n, (rk, h) in enumerate(messages):
        publish(c, 1, 'mx', rk, body=str(n).encode(), props=headers_props(h))
    time.sleep(0.5)
    result = {}
    for i in range(len(bindings)):
        got = []
        while True:
            c.method(1, 60, 70, struct.pack('>H', 0) + shortstr(f'mxq{i}') + bits(True))
            f = c.read_method()
            if f[2] == 72: break
            c.read_frame(); body = c.read_frame()[2].decode()
            got.append(int(body))
        result[i] = sorted(got)
    for i in range(len(bindings)): qdelete(c, 1, f'mxq{i}')
    c.method(1, 40, 20, struct.pack('>H', 0) + shortstr('mx') + bits(False, False)); c.read_method()
    return result, errors

patterns = ['', '#', '*', 'a', 'a.b', 'a.*', 'a.#', '#.b', '*.b', 'a.#.b', '#.#', 'a.*.#', '#.*', '*.*', 'a..b', 'a.', '.a', '#.a.#', '*.#.*', 'a.#.#.b', '.', '#.', '*.', 'a.*.b', '#.#.#']
keys = ['', 'a', 'b', 'a.b', 'a.b.c', 'a.c.b', 'a.b.b', '.', 'a.', '.a', 'a..b', 'a.x.y.b', 'b.a', 'x.a.y', '#', '*', '..', 'a.b.c.d.e.f.b']
res, err = run_numbered('topic', [(p, {}) for p in patterns], [(k, None) for k in keys])
lines = []
for i, p in enumerate(patterns):
    lines.append('%s\t%s' % (p if p else '<empty>', ' '.join((keys[m] if keys[m] else '<empty>') for m in res[i])))
open('topic-matrix.tsv', 'w').write('\n'.join(lines) + '\n')
print('topic errors', err)

V = ('V', 0)
hbind = [
    {'x-match': 'all', 'a': 1}, {'x-match': 'any', 'a': 1, 'b': 2}, {'x-match': 'all', 'a': 1, 'b': 2}, {'x-match': 'all'}, {'x-match': 'any'},
    {'x-match': 'all', 'a': V}, {'x-match': 'any', 'x-foo': 1}, {'x-match': 'all', 'x-foo': 1}, {'x-match': 'all-with-x', 'x-foo': 1},
    {'x-match': 'any-with-x', 'x-foo': 1, 'a': 2}, {'x-match': 'all-with-x', 'a': 1}, {'a': 1}, {'a': '1'}, {'a': 1.0}, {'x-match': 'any', 'a': V, 'b': V},
    {}, {'x-match': 'all', 'a': True}, {'x-match': 'all', 'a': ('I', 1)}, {'x-match': 'all', 'a': ('x', b'1')}, {'x-match': 'all', 'a': {'n': 1}}, {'x-match': 'all-with-x'}, {'x-match': 'any-with-x'},
    {'x-match': 'all', 'x-foo': 1, 'a': 1},
]
hmsgs = [None, {}, {'a': 1}, {'a': ('I', 1)}, {'a': '1'}, {'a': 1.0}, {'a': 1, 'b': 2}, {'a': 1, 'b': 3}, {'x-foo': 1}, {'x-foo': 1, 'a': 1}, {'a': V}, {'a': True}, {'x-foo': 1, 'a': 2},
         {'b': 2}, {'a': ('x', b'1')}, {'a': {'n': 1}}, {'a': {'n': ('I', 1)}}, {'a': ('b', 1)}, {'x-match': 'all-with-x', 'x-foo': 1}, {'a': 1.5}, {'a': 2, 'b': 2}]
res, err = run_numbered('headers', [('', b) for b in hbind], [('', m) for m in hmsgs])
print('headers errors', err)
def show(d):
    if d is None: return 'none'
    return '{' + ', '.join(f'{k}: {v[0]+":"+str(v[1]) if isinstance(v, tuple) else repr(v)}' for k, v in d.items()) + '}'
with open('headers-matrix.txt', 'w') as f:
    f.write('messages:\n' + '\n'.join(f'  m{n} = {show(m)}' for n, m in enumerate(hmsgs)) + '\n')
    for i, b in enumerate(hbind):
        f.write(f'b{i} {show(b)} -> {" ".join("m%d" % m for m in res[i])}\n')
# invalid x-match values
c = ok_channel(); qdeclare(c, 1, 'mxe'); xdeclare(c, 1, 'mxh', 'headers')
print('x-match bogus:', describe_close(qbind(c, 1, 'mxe', 'mxh', '', {'x-match': 'bogus'})))
c = ok_channel(); print('x-match 1:', describe_close(qbind(c, 1, 'mxe', 'mxh', '', {'x-match': 1})))
c = ok_channel(); qdelete(c, 1, 'mxe'); c.method(1, 40, 20, struct.pack('>H', 0) + shortstr('mxh') + bits(False, False)); c.read_method()
