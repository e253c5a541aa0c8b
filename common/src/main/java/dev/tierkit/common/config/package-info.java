/**
 * Loading structured settings (backends, geo maps, origins) from YAML files into immutable records,
 * with errors a user can act on: one line naming the file, line and field at fault.
 */
package dev.tierkit.common.config;
