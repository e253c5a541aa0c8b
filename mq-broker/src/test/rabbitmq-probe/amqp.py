"""Minimal raw AMQP 0-9-1 client for probing RabbitMQ's exact replies."""
import os, socket, struct, time

PORT = int(os.environ.get("AMQP_PORT", "25681"))

def shortstr(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack('B', len(b)) + b

def longstr(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack('>I', len(b)) + b

def value(v):
    if isinstance(v, bool): return b't' + struct.pack('B', v)
    if isinstance(v, tuple):
        kind, x = v
        if kind == 'b': return b'b' + struct.pack('>b', x)
        if kind == 's': return b's' + struct.pack('>h', x)
        if kind == 'I': return b'I' + struct.pack('>i', x)
        if kind == 'l': return b'l' + struct.pack('>q', x)
        if kind == 'd': return b'd' + struct.pack('>d', x)
        if kind == 'f': return b'f' + struct.pack('>f', x)
        if kind == 'V': return b'V'
        if kind == 'x': return b'x' + longstr(x)
    if isinstance(v, int): return b'l' + struct.pack('>q', v)
    if isinstance(v, float): return b'd' + struct.pack('>d', v)
    if isinstance(v, (str, bytes)): return b'S' + longstr(v)
    if isinstance(v, dict): return b'F' + table(v)
    if v is None: return b'V'
    raise ValueError(v)

def table(d):
    body = b''.join(shortstr(k) + value(v) for k, v in (d or {}).items())
    return struct.pack('>I', len(body)) + body

class Reader:
    def __init__(self, b): self.b, self.i = b, 0
    def take(self, n):
        r = self.b[self.i:self.i+n]; self.i += n; return r
    def octet(self): return self.take(1)[0]
    def short(self): return struct.unpack('>H', self.take(2))[0]
    def long(self): return struct.unpack('>I', self.take(4))[0]
    def longlong(self): return struct.unpack('>Q', self.take(8))[0]
    def shortstr(self): return self.take(self.octet()).decode()
    def longstr(self): return self.take(self.long())
    def table(self):
        n = self.long(); end = self.i + n; out = {}
        while self.i < end:
            k = self.shortstr(); out[k] = self.value()
        return out
    def value(self):
        t = chr(self.octet())
        if t == 't': return bool(self.octet())
        if t == 'S': return self.longstr().decode()
        if t == 'F': return self.table()
        if t == 'l': return struct.unpack('>q', self.take(8))[0]
        if t == 'I': return struct.unpack('>i', self.take(4))[0]
        if t == 'V': return None
        raise ValueError(t)

class Conn:
    def __init__(self, vhost='/', user='guest', password='guest', frame_max=131072, heartbeat=0,
                 client_caps=None, do_open=True, channel_max=2047):
        self.s = socket.create_connection(('127.0.0.1', PORT), timeout=5)
        self.buf = b''
        self.s.sendall(b'AMQP\x00\x00\x09\x01')
        f = self.expect(10, 10)
        r = Reader(f[3]); r.octet(); r.octet()
        self.start_major_minor = None
        self.server_properties = r.table(); self.mechanisms = r.longstr(); self.locales = r.longstr()
        props = {'product': 'probe', 'capabilities': client_caps if client_caps is not None else
                 {'authentication_failure_close': True, 'basic.nack': True, 'consumer_cancel_notify': True,
                  'publisher_confirms': True, 'exchange_exchange_bindings': True,
                  'connection.blocked': True}}
        resp = b'\x00' + user.encode() + b'\x00' + password.encode()
        self.method(0, 10, 11, table(props) + shortstr('PLAIN') + longstr(resp) + shortstr('en_US'))
        f = self.read_method()
        if (f[1], f[2]) != (10, 30):
            self.last = f; return
        r = Reader(f[3]); self.tune = (r.short(), r.long(), r.short())
        self.frame_max = frame_max
        self.method(0, 10, 31, struct.pack('>HIH', channel_max, frame_max, heartbeat))
        if do_open:
            self.method(0, 10, 40, shortstr(vhost) + shortstr('') + b'\x00')
            self.last = self.read_method()

    def send_frame(self, ftype, ch, payload):
        self.s.sendall(struct.pack('>BHI', ftype, ch, len(payload)) + payload + b'\xce')

    def method(self, ch, cls, mth, args=b''):
        self.send_frame(1, ch, struct.pack('>HH', cls, mth) + args)

    def read_frame(self, timeout=5):
        self.s.settimeout(timeout)
        while True:
            if len(self.buf) >= 7:
                t, ch, size = struct.unpack('>BHI', self.buf[:7])
                if len(self.buf) >= 8 + size:
                    payload = self.buf[7:7+size]; self.buf = self.buf[8+size:]
                    return t, ch, payload
            d = self.s.recv(65536)
            if not d: return None
            self.buf += d

    def read_method(self, timeout=5):
        """Next method frame as (channel, class, method, args); skips heartbeats; None on EOF."""
        while True:
            f = self.read_frame(timeout)
            if f is None: return None
            t, ch, p = f
            if t == 1:
                cls, mth = struct.unpack('>HH', p[:4])
                return ch, cls, mth, p[4:]
            if t == 8: continue
            return ('frame', t, ch, p)

    def expect(self, cls, mth):
        f = self.read_method()
        assert f and f[1] == cls and f[2] == mth, f
        return f

    def open_channel(self, ch=1):
        self.method(ch, 20, 10, shortstr(''))
        return self.read_method()

def describe_close(f):
    """channel.close / connection.close → (kind, code, text, class, method)."""
    if f is None: return 'EOF (socket closed without close method)'
    if isinstance(f[0], str): return repr(f)
    ch, cls, mth, a = f
    if (cls, mth) in ((20, 40), (10, 50)):
        r = Reader(a); code = r.short(); text = r.shortstr(); c = r.short(); m = r.short()
        kind = 'channel.close' if cls == 20 else 'connection.close'
        return f'{kind} ch={ch} code={code} text={text!r} class_id={c} method_id={m}'
    return f'method {cls}.{mth} on ch {ch} args={a!r}'
