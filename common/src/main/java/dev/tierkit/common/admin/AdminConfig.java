package dev.tierkit.common.admin;

import dev.tierkit.common.config.ConfigException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where the admin endpoint listens and how it guards mutating routes.
 *
 * @param address bind address; {@code 127.0.0.1} by default; port 0 picks a free port
 * @param token bearer token required by mutating routes; empty for none. Without a token, mutating
 *     routes are refused when the endpoint is bound off loopback.
 * @param enabled false when {@code --admin-port} is negative: no admin endpoint at all
 */
public record AdminConfig(InetSocketAddress address, Optional<String> token, boolean enabled) {
  public AdminConfig {
    if (token.isPresent() && token.get().isBlank()) {
      throw new ConfigException("--admin-token must not be blank");
    }
  }

  /** An enabled endpoint on loopback, port picked by the kernel, no token: for tests. */
  public static AdminConfig loopbackAnyPort() {
    return new AdminConfig(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), true);
  }

  /** True when the bind address is a loopback address, reachable only from this host. */
  public boolean loopbackOnly() {
    return address.getAddress() != null && address.getAddress().isLoopbackAddress();
  }
}
