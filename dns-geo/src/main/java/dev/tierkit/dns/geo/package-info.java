/**
 * Location-dependent answers: the geo configuration, the network trie that maps a client network to
 * an ordered list of data centers (with the ECS scope of that decision), weighted record selection
 * and the health state that makes answers fail over. No Netty here.
 */
package dev.tierkit.dns.geo;
