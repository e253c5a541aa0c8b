package dev.tierkit.dist.demo.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The demo's static assets, generated for an asset version so that a CDN in front of the web tier
 * visibly serves version N until the page links version N+1.
 *
 * <p>Content depends only on the path and the version, so every web server produces the same bytes
 * and the same ETag for the same version, as a real build pipeline's hashed assets would.
 */
final class StaticAssets {
  /** One generated asset. */
  record Asset(String path, String contentType, String text, String etag) {
    /** The bytes sent. */
    byte[] body() {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  private StaticAssets() {}

  /** The asset at {@code path} in {@code version}, or empty for an unknown path. */
  static Optional<Asset> get(String path, long version) {
    String text;
    String type;
    switch (path) {
      case "/static/app.js" -> {
        type = "application/javascript; charset=utf-8";
        text =
            "// tierkit demo app.js, asset version "
                + version
                + "\nwindow.TIERKIT_ASSET_VERSION = "
                + version
                + ";\ndocument.addEventListener('DOMContentLoaded', function () {\n"
                + "  var el = document.getElementById('asset-version');\n"
                + "  if (el) { el.textContent = 'assets v"
                + version
                + "'; }\n});\n";
      }
      case "/static/style.css" -> {
        type = "text/css; charset=utf-8";
        text =
            "/* tierkit demo style.css, asset version "
                + version
                + " */\nbody { font-family: sans-serif; margin: 2em; background: hsl("
                + (version * 47 % 360)
                + ", 40%, 95%); }\n.who { font-weight: bold; }\n";
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(new Asset(path, type, text, etag(text.getBytes(StandardCharsets.UTF_8))));
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
