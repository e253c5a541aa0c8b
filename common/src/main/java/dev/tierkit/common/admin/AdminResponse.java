package dev.tierkit.common.admin;

/**
 * What a route handler answers.
 *
 * @param status the HTTP status code
 * @param contentType the Content-Type header
 * @param body the body text, sent as UTF-8
 */
public record AdminResponse(int status, String contentType, String body) {
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";

  /** 200 with a plain-text body; a newline is added when missing. */
  public static AdminResponse ok(String body) {
    return text(200, body);
  }

  /** A plain-text response; a newline is added when missing. */
  public static AdminResponse text(int status, String body) {
    return new AdminResponse(status, TEXT, body.endsWith("\n") ? body : body + "\n");
  }

  /** A JSON response; {@code json} must already be valid JSON. */
  public static AdminResponse json(int status, String json) {
    return new AdminResponse(status, JSON, json.endsWith("\n") ? json : json + "\n");
  }
}
