package dev.tierkit.lb.log;

/**
 * One finished request (http) or connection (tcp).
 *
 * @param startMillis wall-clock start, epoch milliseconds
 * @param frontend the frontend's name
 * @param client the client's address as believed ({@code ip:port})
 * @param backend the backend's id that answered, or {@code -} when none did
 * @param request {@code METHOD URI HTTP/x.y} for http, {@code -} for tcp
 * @param status the status sent to the client (0 for tcp)
 * @param bytesIn bytes received from the client (body bytes for http)
 * @param bytesOut bytes sent to the client (body bytes for http)
 * @param connectMicros time to connect to the backend, -1 when no connection was made
 * @param totalMicros time from start to the last byte sent
 * @param retries attempts after the first
 * @param termination why it ended: {@code ok}, {@code client-closed}, {@code backend-closed},
 *     {@code connect-failed}, {@code timeout}, {@code no-backend}, {@code bad-request}, ...
 */
public record AccessLogEntry(
    long startMillis,
    String frontend,
    String client,
    String backend,
    String request,
    int status,
    long bytesIn,
    long bytesOut,
    long connectMicros,
    long totalMicros,
    int retries,
    String termination) {}
