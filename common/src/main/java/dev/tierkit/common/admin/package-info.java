/**
 * The admin HTTP endpoint every daemon serves: {@code GET /metrics} (Prometheus text), {@code GET
 * /healthz}, {@code GET /readyz}, and routes a daemon adds (stats, purge, drain, reload). Mutating
 * routes are guarded by a bearer token.
 */
package dev.tierkit.common.admin;
