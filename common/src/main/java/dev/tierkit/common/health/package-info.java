/**
 * Health-check bookkeeping shared by the daemons that check their upstreams (lb's backends,
 * cdn-edge's origins): {@link dev.tierkit.common.health.HealthTracker} turns a run of check results
 * into up and down with rise and fall.
 */
package dev.tierkit.common.health;
