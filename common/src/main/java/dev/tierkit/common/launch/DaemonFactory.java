package dev.tierkit.common.launch;

/** Starts a daemon: binds its listeners on the context's runtime and returns it running. */
@FunctionalInterface
public interface DaemonFactory {
  Daemon start(DaemonContext context) throws Exception;
}
