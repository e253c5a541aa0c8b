package dev.tierkit.mq;

import picocli.CommandLine;

/** {@code mq-broker --version}. */
public final class MqVersion implements CommandLine.IVersionProvider {
  /** The version string, also sent to clients in {@code connection.start}. */
  public static String version() {
    String version = MqVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"tierkit mq-broker " + version(), "protocol: AMQP 0-9-1"};
  }
}
