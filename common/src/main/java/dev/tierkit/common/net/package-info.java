/** Network values the daemons share: address lists for access rules. */
package dev.tierkit.common.net;
