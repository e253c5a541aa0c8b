/**
 * The demo's failure scenarios: each breaks one tier of the running system, repairs it, prints a
 * timeline of what users and daemons did, and checks its claim against those figures.
 */
package dev.tierkit.dist.demo.scenario;
