package dev.tierkit.common.launch;

import dev.tierkit.common.admin.AdminRoutes;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;

/**
 * What a daemon is given to start: the runtime to bind its listeners on, the registry for its
 * metrics, and the admin routes to add its own to.
 */
public record DaemonContext(
    DaemonRuntime runtime, MetricRegistry metrics, AdminRoutes adminRoutes) {}
