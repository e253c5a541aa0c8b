/**
 * The application that {@code tierkit demo} runs on top of the daemons: a stateless web tier
 * ({@code tierkit demo-web}) that keeps sessions in cache-server and hands photo jobs to mq-broker,
 * and a worker ({@code tierkit demo-worker}) that renders thumbnails from those jobs.
 *
 * <p>Both talk to the daemons only through the client libraries real applications use
 * (spymemcached, the RabbitMQ Java client), so the demo shows the wire protocols working, and both
 * survive their daemons restarting: a request that meets an outage gets a 503, a lost session is a
 * logged-out user, and unacknowledged jobs come back from the broker.
 */
package dev.tierkit.dist.demo.app;
