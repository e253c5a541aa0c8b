/**
 * Active health checks: {@link dev.tierkit.lb.health.HealthChecker} probes each backend of the
 * pools that ask for it (TCP connect or HTTP GET) on the event loops; {@code
 * dev.tierkit.common.health.HealthTracker} turns the run of results into up and down with rise and
 * fall thresholds.
 */
package dev.tierkit.lb.health;
