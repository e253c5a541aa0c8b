/**
 * lb's configuration as immutable records, each validated in its constructor with messages naming
 * the field; built from flags ({@code LbCommand}) or from YAML ({@code LbFileConfig}).
 */
package dev.tierkit.lb.config;
