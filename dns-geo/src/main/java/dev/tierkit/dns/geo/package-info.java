/**
 * Location-dependent answers: the geo configuration, the network trie that maps a client network to
 * an ordered list of data centers (with the ECS scope of that decision), weighted record selection
 * and the health state that makes answers fail over. No Netty here.
 *
 * <p>The pieces: {@link dev.tierkit.dns.geo.GeoConfig} is the YAML file as written; {@link
 * dev.tierkit.dns.geo.CompiledGeo#load} checks and compiles it into a {@link
 * dev.tierkit.dns.geo.NetworkMap} (the trie), one {@link dev.tierkit.dns.geo.GeoResource} per
 * resource name and type (the {@link dev.tierkit.dns.zone.DynamicRRset}s the zone answers with),
 * and the {@link dev.tierkit.dns.geo.HealthCheck}s; a {@link dev.tierkit.dns.geo.HealthChecker}
 * probes those on its own threads and writes a {@link dev.tierkit.dns.geo.HealthState}, which
 * answers read lock-free and the admin route overrides per data center.
 *
 * <p>Reload: compile the new file, {@link dev.tierkit.dns.geo.HealthState#adopt adopt} the old
 * health (unchanged checks keep their state, data centers keep their overrides), start a checker
 * for the new snapshot, swap the snapshot in, close the old checker.
 */
package dev.tierkit.dns.geo;
