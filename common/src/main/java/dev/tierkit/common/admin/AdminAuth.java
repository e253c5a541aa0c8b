package dev.tierkit.common.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Decides whether a request may call a mutating admin route.
 *
 * <p>With a token configured, every mutating request must carry {@code Authorization: Bearer TOKEN}
 * (compared in constant time), wherever the endpoint is bound. Without one, mutating routes are
 * open on a loopback-only endpoint and refused on any other.
 */
final class AdminAuth {
  /** The verdict on one request. */
  enum Verdict {
    ALLOWED,
    /** 401: a token is configured and the request lacks it or has the wrong one. */
    UNAUTHORIZED,
    /** 403: bound off loopback and no token configured, so mutation is off. */
    DISABLED
  }

  private final Optional<byte[]> token;
  private final boolean loopbackOnly;

  AdminAuth(AdminConfig config) {
    this.token = config.token().map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.loopbackOnly = config.loopbackOnly();
  }

  Verdict check(String authorizationHeader) {
    if (token.isEmpty()) {
      return loopbackOnly ? Verdict.ALLOWED : Verdict.DISABLED;
    }
    String prefix = "Bearer ";
    if (authorizationHeader == null
        || authorizationHeader.length() <= prefix.length()
        || !authorizationHeader.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Verdict.UNAUTHORIZED;
    }
    byte[] presented =
        authorizationHeader.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token.get()) ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
  }
}
