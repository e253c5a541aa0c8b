package dev.tierkit.lb;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.lb.log.AccessLog;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.function.Supplier;

/**
 * What a frontend's channel initializer is given: the runtime (for outbound bootstraps on the
 * accepting loop), the frontend's current routing (swapped on reload), the access log, the metric
 * registry, the per-client connection limiter, and TLS contexts by SNI name (null without TLS).
 */
public record FrontendContext(
    DaemonRuntime runtime,
    Supplier<Routing> routing,
    AccessLog accessLog,
    MetricRegistry metrics,
    ClientLimiter clientLimiter,
    Mapping<String, SslContext> tls) {}
