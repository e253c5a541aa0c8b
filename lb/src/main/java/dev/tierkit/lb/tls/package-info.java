/** TLS termination: server contexts built from PEM files and chosen by the client's SNI name. */
package dev.tierkit.lb.tls;
