/**
 * Test support shared with every module through common's test-jar: leak checks that fail the build,
 * a Prometheus text parser, and a small echo daemon to exercise the runtime.
 */
package dev.tierkit.common.testing;
