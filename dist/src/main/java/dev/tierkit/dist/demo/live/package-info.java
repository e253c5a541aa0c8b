/**
 * What the running demo observes: each daemon's {@code /metrics} read as numbers ({@link
 * dev.tierkit.dist.demo.live.Metrics}), the traffic its simulated users send ({@link
 * dev.tierkit.dist.demo.live.TrafficFigures}), the figures derived from both once a second ({@link
 * dev.tierkit.dist.demo.live.LiveFigures}) and the status page that shows them ({@link
 * dev.tierkit.dist.demo.live.StatusServer}).
 */
package dev.tierkit.dist.demo.live;
