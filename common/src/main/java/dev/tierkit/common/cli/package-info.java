/**
 * Command-line conventions shared by every daemon: the common options mixin, per-daemon defaults,
 * exit codes (0 clean, 1 runtime failure, 2 bad usage or config) and one-line error reporting.
 */
package dev.tierkit.common.cli;
