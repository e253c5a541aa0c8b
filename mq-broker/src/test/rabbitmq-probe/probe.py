import os, sys, struct, time, socket
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from amqp import *

def bits(*bs):
    v = 0
    for i, b in enumerate(bs):
        if b: v |= 1 << i
    return struct.pack('B', v)

def qdeclare(c, ch, name, passive=False, durable=False, exclusive=False, auto_delete=False, args=None):
    c.method(ch, 50, 10, struct.pack('>H', 0) + shortstr(name) + bits(passive, durable, exclusive, auto_delete, False) + table(args))
    return c.read_method()

def xdeclare(c, ch, name, type_='direct', passive=False, durable=False, auto_delete=False, internal=False, args=None):
    c.method(ch, 40, 10, struct.pack('>H', 0) + shortstr(name) + shortstr(type_) + bits(passive, durable, auto_delete, internal, False) + table(args))
    return c.read_method()

def qbind(c, ch, q, x, rk='', args=None):
    c.method(ch, 50, 20, struct.pack('>H', 0) + shortstr(q) + shortstr(x) + shortstr(rk) + bits(False) + table(args))
    return c.read_method()

def publish(c, ch, x, rk, body=b'hi', props=b'\x00\x00', mandatory=False, chunk=None):
    c.method(ch, 60, 40, struct.pack('>H', 0) + shortstr(x) + shortstr(rk) + bits(mandatory, False))
    c.send_frame(2, ch, struct.pack('>HHQ', 60, 0, len(body)) + props)
    chunk = chunk or (c.frame_max - 8)
    for i in range(0, len(body), chunk):
        c.send_frame(3, ch, body[i:i+chunk])

def expiration_props(exp):
    return struct.pack('>H', 1 << 8) + shortstr(exp)

def consume(c, ch, q, tag='', no_ack=False):
    c.method(ch, 60, 20, struct.pack('>H', 0) + shortstr(q) + shortstr(tag) + bits(False, no_ack, False, False) + table({}))
    return c.read_method()

def qdelete(c, ch, q, if_unused=False, if_empty=False):
    c.method(ch, 50, 40, struct.pack('>H', 0) + shortstr(q) + bits(if_unused, if_empty, False))
    return c.read_method()

def ack(c, ch, tag, multiple=False):
    c.method(ch, 60, 80, struct.pack('>Q', tag) + bits(multiple))

def nxt(c, t=1):
    try: return describe_close(c.read_method(timeout=t))
    except socket.timeout: return 'no reply (accepted silently)'

def ok_channel():
    c = Conn(); assert c.last[1:3] == (10, 41), describe_close(c.last); c.open_channel(1); return c

def cleanup(*queues, exchanges=()):
    c = ok_channel()
    for q in queues:
        qdelete(c, 1, q)
    for x in exchanges:
        c.method(1, 40, 20, struct.pack('>H', 0) + shortstr(x) + bits(False, False)); c.read_method()
    c.s.close()

def case(title, fn):
    try:
        print(f'### {title}\n{fn()}\n', flush=True)
    except Exception as e:
        import traceback; print(f'### {title}\nPROBE FAILED: {e!r}\n'); traceback.print_exc()

R = {}
def probe(name):
    def deco(fn): R[name] = fn; return fn
    return deco

@probe('queue.declare passive missing')
def _():
    c = ok_channel(); return describe_close(qdeclare(c, 1, 'no-such-queue', passive=True))

@probe('exchange.declare passive missing')
def _():
    c = ok_channel(); return describe_close(xdeclare(c, 1, 'no-such-exchange', passive=True))

@probe('publish to missing exchange')
def _():
    c = ok_channel(); publish(c, 1, 'no-such-exchange', 'k'); return describe_close(c.read_method())

@probe('queue.bind missing queue')
def _():
    c = ok_channel(); return describe_close(qbind(c, 1, 'no-such-queue', 'amq.direct', 'k'))

@probe('queue.bind missing exchange')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q1'); r = describe_close(qbind(c, 1, 'probe-q1', 'no-such-exchange', 'k')); cleanup('probe-q1'); return r

@probe('queue.bind both missing')
def _():
    c = ok_channel(); return describe_close(qbind(c, 1, 'no-such-queue', 'no-such-exchange', 'k'))

@probe('exchange.bind missing source / destination')
def _():
    c = ok_channel()
    c.method(1, 40, 30, struct.pack('>H', 0) + shortstr('amq.direct') + shortstr('no-such-src') + shortstr('k') + bits(False) + table({}))
    a = describe_close(c.read_method())
    c = ok_channel()
    c.method(1, 40, 30, struct.pack('>H', 0) + shortstr('no-such-dst') + shortstr('amq.direct') + shortstr('k') + bits(False) + table({}))
    return a + '\n' + describe_close(c.read_method())

@probe('queue.declare inequivalent durable')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q2', durable=False)
    r = describe_close(qdeclare(c, 1, 'probe-q2', durable=True)); cleanup('probe-q2'); return r

@probe('queue.declare inequivalent auto_delete')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q2b', auto_delete=False)
    r = describe_close(qdeclare(c, 1, 'probe-q2b', auto_delete=True)); cleanup('probe-q2b'); return r

@probe('queue.declare inequivalent exclusive (same connection)')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q2c', exclusive=True)
    r = describe_close(qdeclare(c, 1, 'probe-q2c', exclusive=False)); return r

@probe('queue.declare inequivalent args x-message-ttl value')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q3', args={'x-message-ttl': ('I', 1000)})
    r = describe_close(qdeclare(c, 1, 'probe-q3', args={'x-message-ttl': ('I', 2000)}))
    c = ok_channel(); r2 = describe_close(qdeclare(c, 1, 'probe-q3', args={}))
    c = ok_channel(); r3 = describe_close(qdeclare(c, 1, 'probe-q3', args={'x-message-ttl': 1000}))
    cleanup('probe-q3'); return r + '\n(redeclare without the arg) ' + r2 + '\n(same value as long l) ' + r3

@probe('queue.declare inequivalent args: arg added on redeclare / other args')
def _():
    out = []
    c = ok_channel(); qdeclare(c, 1, 'probe-q4')
    out.append('add x-max-length: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-max-length': 10})))
    c = ok_channel(); out.append('add x-dead-letter-exchange: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-dead-letter-exchange': 'dlx'})))
    c = ok_channel(); out.append('add x-queue-type classic: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-queue-type': 'classic'})))
    c = ok_channel(); out.append('add x-expires: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-expires': 100000})))
    c = ok_channel(); out.append('add x-overflow: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-overflow': 'reject-publish'})))
    c = ok_channel(); out.append('add x-single-active-consumer: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-single-active-consumer': True})))
    c = ok_channel(); out.append('add x-max-priority: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-max-priority': 5})))
    c = ok_channel(); out.append('add custom arg foo: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'foo': 'bar'})))
    c = ok_channel(); out.append('add x-max-length-bytes: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-max-length-bytes': 10})))
    c = ok_channel(); out.append('add x-dead-letter-routing-key: ' + describe_close(qdeclare(c, 1, 'probe-q4', args={'x-dead-letter-routing-key': 'k'})))
    cleanup('probe-q4'); return '\n'.join(out)

@probe('queue.declare inequivalent: declared with arg, redeclared with other value, string args')
def _():
    out = []
    c = ok_channel(); qdeclare(c, 1, 'probe-q5', args={'x-dead-letter-exchange': 'a', 'x-max-length': 5, 'x-overflow': 'drop-head', 'x-single-active-consumer': False})
    out.append('dlx a->b: ' + describe_close(qdeclare(c, 1, 'probe-q5', args={'x-dead-letter-exchange': 'b', 'x-max-length': 5, 'x-overflow': 'drop-head', 'x-single-active-consumer': False})))
    c = ok_channel(); out.append('max-length 5->6: ' + describe_close(qdeclare(c, 1, 'probe-q5', args={'x-dead-letter-exchange': 'a', 'x-max-length': 6, 'x-overflow': 'drop-head', 'x-single-active-consumer': False})))
    c = ok_channel(); out.append('max-length 5 as short: ' + describe_close(qdeclare(c, 1, 'probe-q5', args={'x-dead-letter-exchange': 'a', 'x-max-length': ('s', 5), 'x-overflow': 'drop-head', 'x-single-active-consumer': False})))
    c = ok_channel(); out.append('overflow drop-head->reject-publish: ' + describe_close(qdeclare(c, 1, 'probe-q5', args={'x-dead-letter-exchange': 'a', 'x-max-length': 5, 'x-overflow': 'reject-publish', 'x-single-active-consumer': False})))
    c = ok_channel(); out.append('sac false->true: ' + describe_close(qdeclare(c, 1, 'probe-q5', args={'x-dead-letter-exchange': 'a', 'x-max-length': 5, 'x-overflow': 'drop-head', 'x-single-active-consumer': True})))
    c = ok_channel(); out.append('all args omitted: ' + describe_close(qdeclare(c, 1, 'probe-q5', args={})))
    c = ok_channel(); out.append('passive with different args: ' + describe_close(qdeclare(c, 1, 'probe-q5', passive=True, durable=True, args={'x-max-length': 99})))
    cleanup('probe-q5'); return '\n'.join(out)

@probe('exchange.declare different type / durable / auto_delete / internal / args')
def _():
    out = []
    c = ok_channel(); xdeclare(c, 1, 'probe-x1', 'direct')
    out.append('type: ' + describe_close(xdeclare(c, 1, 'probe-x1', 'fanout')))
    c = ok_channel(); out.append('durable: ' + describe_close(xdeclare(c, 1, 'probe-x1', 'direct', durable=True)))
    c = ok_channel(); out.append('auto_delete: ' + describe_close(xdeclare(c, 1, 'probe-x1', 'direct', auto_delete=True)))
    c = ok_channel(); out.append('internal: ' + describe_close(xdeclare(c, 1, 'probe-x1', 'direct', internal=True)))
    c = ok_channel(); out.append('args alternate-exchange: ' + describe_close(xdeclare(c, 1, 'probe-x1', 'direct', args={'alternate-exchange': 'ae'})))
    c = ok_channel(); out.append('args foo (non x-): ' + describe_close(xdeclare(c, 1, 'probe-x1', 'direct', args={'foo': 'bar'})))
    c = ok_channel(); out.append('passive with other type: ' + describe_close(xdeclare(c, 1, 'probe-x1', 'fanout', passive=True)))
    c = ok_channel(); out.append('redeclare amq.direct as fanout: ' + describe_close(xdeclare(c, 1, 'amq.direct', 'fanout', durable=True)))
    c = ok_channel(); out.append('redeclare amq.direct equivalent: ' + describe_close(xdeclare(c, 1, 'amq.direct', 'direct', durable=True)))
    c = ok_channel(); out.append('declare default exchange "" : ' + describe_close(xdeclare(c, 1, '', 'direct', durable=True)))
    cleanup(exchanges=['probe-x1']); return '\n'.join(out)

@probe('exchange.declare amq.foo')
def _():
    c = ok_channel(); a = describe_close(xdeclare(c, 1, 'amq.foo', 'direct'))
    c = ok_channel(); b = describe_close(xdeclare(c, 1, 'amq.foo', 'direct', passive=True))
    return a + '\n(passive) ' + b

@probe('exchange.declare unknown type')
def _():
    c = ok_channel(); return describe_close(xdeclare(c, 1, 'probe-x2', 'nonsense'))

@probe('queue.declare amq.q reserved name')
def _():
    c = ok_channel(); return describe_close(qdeclare(c, 1, 'amq.myqueue'))

@probe('queue.delete if-unused with consumer; if-empty non-empty')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q6'); consume(c, 1, 'probe-q6', 'ctag')
    c2 = ok_channel(); a = describe_close(qdelete(c2, 1, 'probe-q6', if_unused=True)); c.s.close()
    c = ok_channel(); publish(c, 1, '', 'probe-q6'); time.sleep(0.3)
    b = describe_close(qdelete(c, 1, 'probe-q6', if_empty=True))
    cleanup('probe-q6'); return a + '\n' + b

@probe('exclusive queue from another connection')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q7', exclusive=True)
    out = []
    c2 = ok_channel(); out.append('declare: ' + describe_close(qdeclare(c2, 1, 'probe-q7', exclusive=True)))
    c2 = ok_channel(); out.append('declare passive: ' + describe_close(qdeclare(c2, 1, 'probe-q7', passive=True)))
    c2 = ok_channel(); out.append('consume: ' + describe_close(consume(c2, 1, 'probe-q7')))
    c2 = ok_channel(); out.append('delete: ' + describe_close(qdelete(c2, 1, 'probe-q7')))
    c2 = ok_channel(); out.append('bind: ' + describe_close(qbind(c2, 1, 'probe-q7', 'amq.direct', 'k')))
    c2 = ok_channel(); c2.method(1, 50, 30, struct.pack('>H', 0) + shortstr('probe-q7') + bits(False)); out.append('purge: ' + describe_close(c2.read_method()))
    c2 = ok_channel(); c2.method(1, 60, 70, struct.pack('>H', 0) + shortstr('probe-q7') + bits(False)); out.append('get: ' + describe_close(c2.read_method()))
    c.s.close(); return '\n'.join(out)

@probe('basic.ack unknown delivery tag, double ack, nack/reject unknown')
def _():
    out = []
    c = ok_channel(); ack(c, 1, 42); out.append('ack 42 on fresh channel: ' + nxt(c))
    c = ok_channel(); qdeclare(c, 1, 'probe-q8'); publish(c, 1, '', 'probe-q8'); time.sleep(0.2)
    c.method(1, 60, 70, struct.pack('>H', 0) + shortstr('probe-q8') + bits(False)); c.read_method(); c.read_frame(); c.read_frame()
    ack(c, 1, 1); ack(c, 1, 1); out.append('double ack of tag 1: ' + nxt(c))
    c = ok_channel(); ack(c, 1, 0, multiple=True); out.append('ack 0 multiple=true: ' + nxt(c))
    c = ok_channel(); ack(c, 1, 0, multiple=False); out.append('ack 0 multiple=false: ' + nxt(c))
    c = ok_channel(); ack(c, 1, 7, multiple=True); out.append('ack 7 multiple=true (nothing outstanding): ' + nxt(c))
    c = ok_channel(); c.method(1, 60, 120, struct.pack('>Q', 5) + bits(False, True)); out.append('nack 5: ' + nxt(c))
    c = ok_channel(); c.method(1, 60, 90, struct.pack('>Q', 5) + bits(True)); out.append('reject 5: ' + nxt(c))
    cleanup('probe-q8'); return '\n'.join(out)

@probe('basic.consume consumer tag in use')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q9'); consume(c, 1, 'probe-q9', 'dup')
    r = describe_close(consume(c, 1, 'probe-q9', 'dup')); cleanup('probe-q9'); return r

@probe('basic.consume server-generated consumer tag format')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q9b'); f = consume(c, 1, 'probe-q9b', '')
    r = Reader(f[3]); tag = r.shortstr(); cleanup('probe-q9b'); return f'consume-ok consumer_tag={tag!r}'

@probe('publish to internal exchange')
def _():
    c = ok_channel(); xdeclare(c, 1, 'probe-x3', 'fanout', internal=True); publish(c, 1, 'probe-x3', 'k')
    r = describe_close(c.read_method()); cleanup(exchanges=['probe-x3']); return r

@probe('publish to default exchange with nonexistent queue name (no error); amq.default name')
def _():
    c = ok_channel(); publish(c, 1, '', 'nowhere')
    first = nxt(c)
    publish(c, 1, 'amq.default', 'nowhere')
    return 'to "" with unknown queue: ' + first + '\nto "amq.default": ' + nxt(c)

@probe('invalid x-message-ttl')
def _():
    out = []
    for label, v in [('-1 (long)', -1), ('"1000" (string)', '1000'), ('1.5 (double)', 1.5), ('true', True), ('-1 (int I)', ('I', -1)), ('0', 0), ('2^32 (4294967296)', 4294967296), ('2^32-1', 4294967295), ('max long', 2**63-1)]:
        c = ok_channel(); f = qdeclare(c, 1, 'probe-q10', args={'x-message-ttl': v})
        out.append(f'{label}: ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q10')
    return '\n'.join(out)

@probe('invalid x-expires')
def _():
    out = []
    for label, v in [('0', 0), ('-1', -1), ('"1000"', '1000'), ('1', 1), ('2^32', 4294967296), ('max long', 2**63-1)]:
        c = ok_channel(); f = qdeclare(c, 1, 'probe-q11', args={'x-expires': v})
        out.append(f'{label}: ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q11')
    return '\n'.join(out)

@probe('invalid x-max-length / x-max-length-bytes / x-max-priority')
def _():
    out = []
    for arg in ['x-max-length', 'x-max-length-bytes', 'x-max-priority']:
        for label, v in [('-1', -1), ('0', 0), ('"10"', '10'), ('256', 256), ('255', 255), ('1.0 double', 1.0), ('true', True)]:
            c = ok_channel(); f = qdeclare(c, 1, 'probe-q12', args={arg: v})
            out.append(f'{arg} {label}: ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q12')
    return '\n'.join(out)

@probe('invalid x-overflow / x-dead-letter-* / x-single-active-consumer / x-queue-type / x-queue-mode')
def _():
    out = []
    for arg, label, v in [('x-overflow', '"bogus"', 'bogus'), ('x-overflow', '1', 1), ('x-overflow', 'reject-publish-dlx', 'reject-publish-dlx'), ('x-overflow', 'drop-head', 'drop-head'),
                          ('x-dead-letter-exchange', '1', 1), ('x-dead-letter-exchange', '"" ', ''), ('x-dead-letter-routing-key', '1', 1),
                          ('x-dead-letter-routing-key', '"k" without dlx', 'k'),
                          ('x-single-active-consumer', '"true"', 'true'), ('x-single-active-consumer', '1', 1),
                          ('x-queue-type', '"bogus"', 'bogus'), ('x-queue-mode', '"bogus"', 'bogus'), ('x-queue-mode', 'lazy', 'lazy'),
                          ('x-max-in-memory-length', '5', 5), ('x-queue-master-locator', 'bogus', 'bogus'), ('x-unknown-arg', '"v"', 'v'),
                          ('x-dead-letter-exchange', 'binary x', ('x', b'dlx'))]:
        c = ok_channel(); f = qdeclare(c, 1, 'probe-q13', args={arg: v})
        out.append(f'{arg} {label}: ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q13')
    c = ok_channel(); f = qdeclare(c, 1, 'probe-q13', args={'x-dead-letter-routing-key': 'k', 'x-dead-letter-exchange': 'd'})
    out.append('dlrk with dlx: ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q13')
    c = ok_channel(); f = qdeclare(c, 1, 'probe-q13', args={'x-message-ttl': -1, 'x-expires': 0})
    out.append('two bad args (ttl -1, expires 0): ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q13')
    c = ok_channel(); f = qdeclare(c, 1, 'probe-q13', args={'x-expires': 0, 'x-message-ttl': -1})
    out.append('two bad args reversed order (expires 0, ttl -1): ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q13')
    c = ok_channel(); f = qdeclare(c, 1, 'probe-q13', args={'x-message-ttl': -1}, passive=False, durable=True)
    out.append('ttl -1 with vhost / durable: ' + (describe_close(f) if f[2] != 11 else 'declare-ok')); cleanup('probe-q13')
    return '\n'.join(out)

@probe('invalid expiration property')
def _():
    out = []
    for v in ['-1', 'abc', '1.5', '', ' 10', '10 ', '+10', '0', '4294967296', '99999999999999999999', '0010']:
        c = ok_channel(); qdeclare(c, 1, 'probe-q14'); publish(c, 1, '', 'probe-q14', props=expiration_props(v))
        try:
            f = c.read_method(timeout=0.7); out.append(f'{v!r}: ' + describe_close(f))
        except socket.timeout:
            out.append(f'{v!r}: accepted')
        cleanup('probe-q14')
    return '\n'.join(out)

@probe('publish body over max_message_size (configured 1048576)')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q15'); publish(c, 1, '', 'probe-q15', body=b'x' * (1048576 + 1))
    r = describe_close(c.read_method())
    c = ok_channel(); publish(c, 1, '', 'probe-q15', body=b'x' * 1048576)
    try:
        f = c.read_method(timeout=0.7); r2 = describe_close(f)
    except socket.timeout:
        r2 = 'exactly max accepted'
    cleanup('probe-q15'); return r + '\n' + r2

@probe('channel.open on already-open channel')
def _():
    c = ok_channel(); return describe_close(c.open_channel(1))

@probe('method on an unopened channel')
def _():
    c = ok_channel(); c.method(5, 50, 10, struct.pack('>H', 0) + shortstr('x') + bits(True) + table({}))
    return describe_close(c.read_method())

@probe('method on a closed channel (after channel.close-ok)')
def _():
    c = ok_channel(); c.method(1, 20, 40, struct.pack('>H', 200) + shortstr('bye') + struct.pack('>HH', 0, 0)); c.read_method()
    c.method(1, 50, 10, struct.pack('>H', 0) + shortstr('x') + bits(True) + table({}))
    return describe_close(c.read_method())

@probe('method on channel after server sent channel.close (before close-ok)')
def _():
    c = ok_channel(); qdeclare(c, 1, 'no-such-queue', passive=True)
    c.method(1, 50, 10, struct.pack('>H', 0) + shortstr('y') + bits(True) + table({}))
    try:
        f = c.read_method(timeout=1); return 'ignored? next: ' + describe_close(f)
    except socket.timeout:
        return 'method silently ignored while closing'

@probe('channel number above channel_max')
def _():
    c = Conn(channel_max=10); c.method(11, 20, 10, shortstr(''))
    return describe_close(c.read_method())

@probe('connection.open wrong vhost')
def _():
    c = Conn(vhost='nope'); return describe_close(c.last)

@probe('bad credentials with authentication_failure_close=true')
def _():
    c = Conn(password='wrong'); return describe_close(c.last)

@probe('bad credentials without capability')
def _():
    try:
        c = Conn(password='wrong', client_caps={}); return describe_close(c.last)
    except Exception as e:
        return f'{e!r}'

@probe('unknown auth mechanism')
def _():
    s = socket.create_connection(('127.0.0.1', PORT)); c = Conn.__new__(Conn); c.s = s; c.buf = b''
    s.sendall(b'AMQP\x00\x00\x09\x01'); c.read_method()
    c.method(0, 10, 11, table({'capabilities': {'authentication_failure_close': True}}) + shortstr('FOO') + longstr(b'') + shortstr('en_US'))
    return describe_close(c.read_method())

@probe('bad protocol header')
def _():
    s = socket.create_connection(('127.0.0.1', PORT), timeout=3); s.sendall(b'AMQP\x01\x01\x00\x0a'); d = s.recv(100)
    s2 = socket.create_connection(('127.0.0.1', PORT), timeout=3); s2.sendall(b'HTTP/1.1'); d2 = s2.recv(100)
    return f'AMQP 0-10 header -> {d!r}\nHTTP/1.1 -> {d2!r}'

@probe('frame_max exceeded')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q16')
    publish(c, 1, '', 'probe-q16', body=b'y' * 200000, chunk=200000)
    r = describe_close(c.read_method())
    c = ok_channel(); c.method(1, 50, 10, struct.pack('>H', 0) + shortstr('q') + bits(False) + table({'a': 'z' * 140000}))
    r2 = describe_close(c.read_method())
    cleanup('probe-q16'); return 'body frame 200000 > 131072: ' + r + '\nmethod frame 140000: ' + r2

@probe('bad frame end octet')
def _():
    c = ok_channel(); c.s.sendall(struct.pack('>BHI', 1, 1, 4) + struct.pack('>HH', 20, 10)[:4] + b'\x00')
    return describe_close(c.read_method())

@probe('connection.start and tune')
def _():
    c = Conn(do_open=False)
    return f'server_properties={c.server_properties!r}\nmechanisms={c.mechanisms!r} locales={c.locales!r}\ntune channel_max/frame_max/heartbeat={c.tune}'

@probe('queue.declare with empty name')
def _():
    c = ok_channel(); f = qdeclare(c, 1, '', exclusive=True); r = Reader(f[3]); name = r.shortstr(); mc = r.long(); cc = r.long()
    f2 = qdeclare(c, 1, '', exclusive=True); r2 = Reader(f2[3]); name2 = r2.shortstr()
    return f'declare-ok queue={name!r} message_count={mc} consumer_count={cc}\nsecond: {name2!r}'

@probe('message counts in declare-ok / purge-ok / delete-ok, basic.get empty')
def _():
    c = ok_channel(); qdeclare(c, 1, 'probe-q17')
    for i in range(3): publish(c, 1, '', 'probe-q17')
    time.sleep(0.3)
    f = qdeclare(c, 1, 'probe-q17', passive=True); r = Reader(f[3]); name = r.shortstr(); mc = r.long(); cc = r.long()
    c.method(1, 50, 30, struct.pack('>H', 0) + shortstr('probe-q17') + bits(False)); p = c.read_method(); pm = Reader(p[3]).long()
    for i in range(2): publish(c, 1, '', 'probe-q17')
    time.sleep(0.3)
    c.method(1, 60, 70, struct.pack('>H', 0) + shortstr('probe-q17') + bits(False)); g = c.read_method()
    gr = Reader(g[3]); dtag = gr.longlong(); red = gr.octet(); ex = gr.shortstr(); rk = gr.shortstr(); gmc = gr.long(); c.read_frame(); c.read_frame()
    d = qdelete(c, 1, 'probe-q17'); dm = Reader(d[3]).long()
    qdeclare(c, 1, 'probe-q18')
    c.method(1, 60, 70, struct.pack('>H', 0) + shortstr('probe-q18') + bits(False)); e = c.read_method()
    er = Reader(e[3]); cluster = er.shortstr()
    cleanup('probe-q18')
    return (f'declare-ok passive: message_count={mc} consumer_count={cc}\npurge-ok message_count={pm}\n'
            f'get-ok after 2 publishes: delivery_tag={dtag} redelivered={red} exchange={ex!r} routing_key={rk!r} message_count={gmc} (remaining after this one)\n'
            f'delete-ok message_count={dm} (unacked get still held by channel)\n'
            f'basic.get empty: method {e[1]}.{e[2]} cluster_id={cluster!r}')

@probe('basic.recover requeue=false; recover-async')
def _():
    out = []
    c = ok_channel(); qdeclare(c, 1, 'probe-q19'); publish(c, 1, '', 'probe-q19'); time.sleep(0.2)
    consume(c, 1, 'probe-q19', 'rc'); d = c.read_method(); c.read_frame(); c.read_frame()
    c.method(1, 60, 110, bits(False)); f = c.read_method()
    out.append('recover(requeue=false): ' + describe_close(f))
    c = ok_channel(); qdeclare(c, 1, 'probe-q19'); consume(c, 1, 'probe-q19', 'rc2'); d = c.read_method(); dr = Reader(d[3]); out.append(f'after reconnect: delivery tag={dr.shortstr() and dr.longlong()} redelivered={dr.octet()}')
    c.read_frame(); c.read_frame()
    c.method(1, 60, 110, bits(True)); f = c.read_method(); out.append(f'recover(requeue=true) -> method {f[1]}.{f[2]}')
    f = c.read_method(); dr = Reader(f[3]); out.append(f'  then redelivery method {f[1]}.{f[2]} tag={dr.shortstr() and dr.longlong()} redelivered={dr.octet()}')
    cleanup('probe-q19')
    return '\n'.join(out)

@probe('basic.qos global vs per-consumer')
def _():
    out = []
    for label, qos in [('per-consumer prefetch 2 (global=false), 2 consumers', [(2, 0)]), ('global prefetch 3 (global=true), 2 consumers', [(3, 1)]),
                       ('global=true 3 and then global=false 1, 2 consumers', [(3, 1), (1, 0)])]:
        c = ok_channel(); qdeclare(c, 1, 'probe-q20')
        for i in range(10): publish(c, 1, '', 'probe-q20')
        time.sleep(0.3)
        for count, glob in qos:
            c.method(1, 60, 10, struct.pack('>IHB', 0, count, glob)); c.read_method()
        n = {}
        for tag in ('a', 'b'):
            c.method(1, 60, 20, struct.pack('>H', 0) + shortstr('probe-q20') + shortstr(tag) + bits(False, False, False, False) + table({}))
        try:
            while True:
                f = c.read_method(timeout=0.7)
                if f[1:3] == (60, 60):
                    t = Reader(f[3]).shortstr(); n[t] = n.get(t, 0) + 1
        except socket.timeout: pass
        out.append(f'{label}: deliveries per consumer {n}')
        c.s.close(); cleanup('probe-q20')
    c = ok_channel(); c.method(1, 60, 10, struct.pack('>IHB', 100, 0, 0)); out.append('qos prefetch_size=100: ' + describe_close(c.read_method()))
    return '\n'.join(out)

@probe('channel_max and mandatory return')
def _():
    out = []
    c = Conn(channel_max=3); res = []
    for ch in (1, 2, 3, 4):
        res.append(f'open ch {ch}: ' + describe_close(c.open_channel(ch)))
    out.append('channel_max=3: ' + '; '.join(res))
    for cm in (0, 5000):
        try:
            c = Conn(channel_max=cm); out.append(f'tune-ok channel_max={cm}: ' + describe_close(c.last))
        except Exception as e:
            out.append(f'tune-ok channel_max={cm}: {e!r}')
    c = ok_channel(); publish(c, 1, '', 'nowhere', mandatory=True); f = c.read_method(); r = Reader(f[3]); code = r.short(); text = r.shortstr()
    out.append(f'mandatory publish unroutable: basic.return {f[1]}.{f[2]} reply_code={code} reply_text={text!r}')
    return '\n'.join(out)

def declare_result(args, name='probe-g', **flags):
    c = ok_channel(); f = qdeclare(c, 1, name, args=args, **flags); r = describe_close(f) if f[2] != 11 else 'declare-ok'
    cleanup(name); return f'{args}: {r}'

@probe('queue argument order and other queue types')
def _():
    return '\n'.join(declare_result(a) for a in [
        {'x-max-in-memory-length': 5, 'x-max-priority': 256}, {'x-max-in-memory-length': -1}, {'x-max-age': '1D'}, {'x-delivery-limit': 5},
        {'x-queue-leader-locator': 'x'}, {'x-message-ttl': -1, 'x-max-in-memory-length': 5}, {'x-queue-type': 'quorum'}, {'x-queue-type': 1},
        {'x-queue-mode': 1}, {'x-max-length': 2**63-1}, {'x-message-ttl': ('b', -3)}, {'x-max-priority': ('s', 10)},
        {'x-dead-letter-routing-key': 'k', 'x-dead-letter-exchange': 1}, {'x-expires': 1.0}, {'x-single-active-consumer': None},
        {'x-message-ttl': None}, {'x-dead-letter-exchange': None}, {'x-overflow': 'Drop-Head'}, {'x-queue-type': 'classic', 'x-max-length': 1}])

@probe('more redeclare cases')
def _():
    out = []
    for label, first, second in [('ttl signedint 1000 -> longstr "1000"', {'x-message-ttl': ('I', 1000)}, {'x-message-ttl': '1000'}),
                                 ('sac true -> none', {'x-single-active-consumer': True}, {}),
                                 ('max-length 5 -> -1', {'x-max-length': 5}, {'x-max-length': -1}),
                                 ('ttl long 1000 -> double 1000.0', {'x-message-ttl': 1000}, {'x-message-ttl': 1000.0})]:
        c = ok_channel(); qdeclare(c, 1, 'probe-h', args=first); out.append(label + ': ' + describe_close(qdeclare(c, 1, 'probe-h', args=second))); cleanup('probe-h')
    c = ok_channel(); qdeclare(c, 1, 'probe-d'); out.append('non-exclusive -> exclusive, same connection: ' + describe_close(qdeclare(c, 1, 'probe-d', exclusive=True))); cleanup('probe-d')
    c = ok_channel(); qdeclare(c, 1, 'probe-e', args={'x-max-length': 1}); out.append('durable+auto_delete+args all differ: ' + describe_close(qdeclare(c, 1, 'probe-e', durable=True, auto_delete=True, args={'x-max-length': 2}))); cleanup('probe-e')
    c = ok_channel(); xdeclare(c, 1, 'probe-xa', 'direct', args={'alternate-exchange': 'a'}); out.append('exchange AE a->b: ' + describe_close(xdeclare(c, 1, 'probe-xa', 'direct', args={'alternate-exchange': 'b'})))
    c = ok_channel(); out.append('exchange AE a->none: ' + describe_close(xdeclare(c, 1, 'probe-xa', 'direct', args={}))); cleanup(exchanges=['probe-xa'])
    c = ok_channel(); xdeclare(c, 1, 'probe-xb', 'topic'); out.append('exchange type+durable differ: ' + describe_close(xdeclare(c, 1, 'probe-xb', 'fanout', durable=True))); cleanup(exchanges=['probe-xb'])
    return '\n'.join(out)

def exp_text(v):
    c = ok_channel(); qdeclare(c, 1, 'probe-b'); publish(c, 1, '', 'probe-b', props=expiration_props(v))
    try:
        f = c.read_method(timeout=0.5); r = Reader(f[3]); r.short(); t = r.shortstr()
    except socket.timeout:
        t = 'accepted'
    c.s.close(); return t

@probe('expiration edge cases and line breaks')
def _():
    out = []
    for v in ['315360000000', '315360000001', '9999999999999999999', '99999999999999999999', '-9999999999999999999', '000000000000000000001',
              '1' + 'a' * 200, '1' + 'a' * 30 + 'é', '1\t', '١٢', '1é', '1ā', '1\x01', '1a\x7f', '--1', '-0', '+-1', '1e3', '0x10', '-', '+', '1ab"c\\d']:
        out.append(f'{v!r}: {exp_text(v)!r}')
    for zeros in (13, 14):
        out.append(f'{zeros} zeros + 315360000001: {exp_text("0" * zeros + "315360000001")!r}')
    cleanup('probe-b')
    return '\n'.join(out)

@probe('max x-message-ttl by bisection')
def _():
    def ok(n):
        c = ok_channel(); f = qdeclare(c, 1, 'probe-b', args={'x-message-ttl': n}); cleanup('probe-b'); return f[2] == 11
    lo, hi = 0, 2**63 - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid): lo = mid
        else: hi = mid - 1
    return f'largest accepted x-message-ttl: {lo}'

@probe('heartbeat timeout')
def _():
    c = Conn(heartbeat=1); t0 = time.time(); frames = []
    c.s.settimeout(6)
    try:
        while True:
            f = c.read_frame(timeout=6)
            if f is None: frames.append(f'EOF at {time.time()-t0:.1f}s'); break
            frames.append(f'type {f[0]} at {time.time()-t0:.1f}s')
    except Exception as e:
        frames.append(f'{e!r} at {time.time()-t0:.1f}s')
    return ', '.join(frames)

@probe('queue.bind to default exchange; queue.unbind missing binding; queue.delete missing')
def _():
    out = []
    c = ok_channel(); qdeclare(c, 1, 'probe-q21'); out.append('bind to "": ' + describe_close(qbind(c, 1, 'probe-q21', '', 'k')))
    c = ok_channel(); c.method(1, 50, 50, struct.pack('>H', 0) + shortstr('probe-q21') + shortstr('amq.direct') + shortstr('nokey') + table({})); out.append('unbind absent: ' + str(c.read_method()[1:3]))
    c = ok_channel(); out.append('delete missing queue: ' + describe_close(qdelete(c, 1, 'no-such-queue')))
    c = ok_channel(); c.method(1, 40, 20, struct.pack('>H', 0) + shortstr('no-such-exchange') + bits(False, False)); out.append('exchange.delete missing: ' + describe_close(c.read_method()))
    c = ok_channel(); c.method(1, 40, 20, struct.pack('>H', 0) + shortstr('amq.direct') + bits(False, False)); out.append('exchange.delete amq.direct: ' + describe_close(c.read_method()))
    cleanup('probe-q21'); return '\n'.join(out)

names = (sys.argv[1:] or list(R)) if __name__ == "__main__" else []
for n in names:
    case(n, R[n])
