/** The access log: one line per request or connection, written off the event loops. */
package dev.tierkit.lb.log;
