"""pika against mq-broker: the calls a Python service makes, each checked.

Usage: pika_check.py PORT. Prints one line per check and exits non-zero on the first failure.
"""
import sys

import pika


def check(name, condition):
    if not condition:
        print("FAIL " + name)
        sys.exit(1)
    print("ok " + name)


port = int(sys.argv[1])
params = pika.ConnectionParameters(host="127.0.0.1", port=port, heartbeat=10,
                                   credentials=pika.PlainCredentials("guest", "guest"))
connection = pika.BlockingConnection(params)
channel = connection.channel()

channel.confirm_delivery()
check("confirms enabled", channel._delivery_confirmation)

declared = channel.queue_declare(queue="pika-q", durable=True)
check("queue declared", declared.method.queue == "pika-q")
channel.queue_purge("pika-q")

for i in range(100):
    channel.basic_publish(exchange="", routing_key="pika-q", body=("m%d" % i).encode(),
                          properties=pika.BasicProperties(delivery_mode=2), mandatory=True)
check("100 confirmed publishes", True)

try:
    channel.basic_publish(exchange="amq.direct", routing_key="nowhere", body=b"x", mandatory=True)
    check("unroutable mandatory publish raises", False)
except pika.exceptions.UnroutableError:
    check("unroutable mandatory publish raises UnroutableError", True)

channel.exchange_declare(exchange="pika-topic", exchange_type="topic", auto_delete=True)
result = channel.queue_declare(queue="", exclusive=True)
check("server-named queue", result.method.queue.startswith("amq.gen-"))
channel.queue_bind(queue=result.method.queue, exchange="pika-topic", routing_key="a.*.c")
channel.basic_publish(exchange="pika-topic", routing_key="a.b.c", body=b"topic")
method, props, body = channel.basic_get(result.method.queue, auto_ack=True)
check("topic routed", body == b"topic")

channel.basic_qos(prefetch_count=10)
received = []


def on_message(ch, method, properties, body):
    received.append(body)
    ch.basic_ack(delivery_tag=method.delivery_tag)
    if len(received) == 100:
        ch.stop_consuming()


channel.basic_consume(queue="pika-q", on_message_callback=on_message)
connection.call_later(10, channel.stop_consuming)
channel.start_consuming()
check("consumed all 100 in order", received == [("m%d" % i).encode() for i in range(100)])

try:
    channel.queue_declare(queue="missing-for-pika", passive=True)
    check("passive declare of missing queue fails", False)
except pika.exceptions.ChannelClosedByBroker as e:
    check("passive declare of missing queue is 404", e.reply_code == 404)

channel = connection.channel()
channel.queue_delete(queue="pika-q")
connection.close()
check("closed", connection.is_closed)
print("All pika checks passed")
