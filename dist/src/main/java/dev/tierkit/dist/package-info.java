/**
 * The {@code tierkit} command: each daemon's own command as a subcommand, packaged as one runnable
 * jar ({@code dist/target/tierkit.jar}) that the {@code ./tierkit} launcher runs.
 */
package dev.tierkit.dist;
