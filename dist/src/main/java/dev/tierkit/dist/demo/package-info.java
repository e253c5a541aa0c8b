/**
 * {@code tierkit demo}: a whole two-data-center system of tierkit daemons on loopback addresses,
 * each daemon a child JVM of the same jar. {@link dev.tierkit.dist.demo.DemoTopology} says what
 * runs where, {@link dev.tierkit.dist.demo.DemoPrograms} turns it into command lines, {@link
 * dev.tierkit.dist.demo.DemoProcesses} starts, watches and stops the processes.
 */
package dev.tierkit.dist.demo;
