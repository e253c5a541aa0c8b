package dev.tierkit.mq.protocol;

import io.netty.util.AsciiString;
import java.util.Map;
import java.util.Objects;

/**
 * The methods of AMQP class {@code connection} (10): {@code connection.start}, {@code
 * connection.start-ok}, {@code connection.secure}, {@code connection.secure-ok}, {@code
 * connection.tune}, {@code connection.tune-ok}, {@code connection.open}, {@code
 * connection.open-ok}, {@code connection.close}, {@code connection.close-ok}, {@code
 * connection.blocked}, {@code connection.unblocked}, {@code connection.update-secret}, {@code
 * connection.update-secret-ok}.
 */
public sealed interface ConnectionMethod extends Method {
  int CLASS_ID = 10;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code connection.start} (10). */
  record Start(
      int versionMajor,
      int versionMinor,
      Map<String, Object> serverProperties,
      String mechanisms,
      String locales)
      implements ConnectionMethod {
    public static final int METHOD_ID = 10;

    public Start {
      Objects.requireNonNull(serverProperties, "serverProperties");
      Objects.requireNonNull(mechanisms, "mechanisms");
      Objects.requireNonNull(locales, "locales");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.octet(versionMajor);
      out.octet(versionMinor);
      out.table(serverProperties);
      out.longString(mechanisms);
      out.longString(locales);
    }
  }

  /** {@code connection.start-ok} (11). */
  record StartOk(
      Map<String, Object> clientProperties, String mechanism, AsciiString response, String locale)
      implements ConnectionMethod {
    public static final int METHOD_ID = 11;

    public StartOk {
      Objects.requireNonNull(clientProperties, "clientProperties");
      Objects.requireNonNull(mechanism, "mechanism");
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(locale, "locale");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.table(clientProperties);
      out.shortString(mechanism);
      out.longString(response);
      out.shortString(locale);
    }
  }

  /** {@code connection.secure} (20). */
  record Secure(AsciiString challenge) implements ConnectionMethod {
    public static final int METHOD_ID = 20;

    public Secure {
      Objects.requireNonNull(challenge, "challenge");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longString(challenge);
    }
  }

  /** {@code connection.secure-ok} (21). */
  record SecureOk(AsciiString response) implements ConnectionMethod {
    public static final int METHOD_ID = 21;

    public SecureOk {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longString(response);
    }
  }

  /** {@code connection.tune} (30). */
  record Tune(int channelMax, int frameMax, int heartbeat) implements ConnectionMethod {
    public static final int METHOD_ID = 30;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(channelMax);
      out.longUint(frameMax);
      out.shortUint(heartbeat);
    }
  }

  /** {@code connection.tune-ok} (31). */
  record TuneOk(int channelMax, int frameMax, int heartbeat) implements ConnectionMethod {
    public static final int METHOD_ID = 31;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(channelMax);
      out.longUint(frameMax);
      out.shortUint(heartbeat);
    }
  }

  /** {@code connection.open} (40). */
  record Open(String virtualHost) implements ConnectionMethod {
    public static final int METHOD_ID = 40;

    public Open {
      Objects.requireNonNull(virtualHost, "virtualHost");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(virtualHost);
      out.shortString("");
      out.bit(false);
    }
  }

  /** {@code connection.open-ok} (41). */
  record OpenOk() implements ConnectionMethod {
    public static final int METHOD_ID = 41;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString("");
    }
  }

  /** {@code connection.close} (50). */
  record Close(int replyCode, String replyText, int failingClassId, int failingMethodId)
      implements ConnectionMethod {
    public static final int METHOD_ID = 50;

    public Close {
      Objects.requireNonNull(replyText, "replyText");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(replyCode);
      out.shortString(replyText);
      out.shortUint(failingClassId);
      out.shortUint(failingMethodId);
    }
  }

  /** {@code connection.close-ok} (51). */
  record CloseOk() implements ConnectionMethod {
    public static final int METHOD_ID = 51;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code connection.blocked} (60). */
  record Blocked(String reason) implements ConnectionMethod {
    public static final int METHOD_ID = 60;

    public Blocked {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(reason);
    }
  }

  /** {@code connection.unblocked} (61). */
  record Unblocked() implements ConnectionMethod {
    public static final int METHOD_ID = 61;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code connection.update-secret} (70). */
  record UpdateSecret(AsciiString newSecret, String reason) implements ConnectionMethod {
    public static final int METHOD_ID = 70;

    public UpdateSecret {
      Objects.requireNonNull(newSecret, "newSecret");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longString(newSecret);
      out.shortString(reason);
    }
  }

  /** {@code connection.update-secret-ok} (71). */
  record UpdateSecretOk() implements ConnectionMethod {
    public static final int METHOD_ID = 71;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static ConnectionMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Start.METHOD_ID:
        {
          int versionMajor = in.octet();
          int versionMinor = in.octet();
          Map<String, Object> serverProperties = in.table();
          String mechanisms = in.longString();
          String locales = in.longString();
          return new Start(versionMajor, versionMinor, serverProperties, mechanisms, locales);
        }
      case StartOk.METHOD_ID:
        {
          Map<String, Object> clientProperties = in.table();
          String mechanism = in.shortString();
          AsciiString response = in.longBytes();
          String locale = in.shortString();
          return new StartOk(clientProperties, mechanism, response, locale);
        }
      case Secure.METHOD_ID:
        {
          AsciiString challenge = in.longBytes();
          return new Secure(challenge);
        }
      case SecureOk.METHOD_ID:
        {
          AsciiString response = in.longBytes();
          return new SecureOk(response);
        }
      case Tune.METHOD_ID:
        {
          int channelMax = in.shortUint();
          int frameMax = in.longUint();
          int heartbeat = in.shortUint();
          return new Tune(channelMax, frameMax, heartbeat);
        }
      case TuneOk.METHOD_ID:
        {
          int channelMax = in.shortUint();
          int frameMax = in.longUint();
          int heartbeat = in.shortUint();
          return new TuneOk(channelMax, frameMax, heartbeat);
        }
      case Open.METHOD_ID:
        {
          String virtualHost = in.shortString();
          in.shortString();
          in.bit();
          return new Open(virtualHost);
        }
      case OpenOk.METHOD_ID:
        {
          in.shortString();
          return new OpenOk();
        }
      case Close.METHOD_ID:
        {
          int replyCode = in.shortUint();
          String replyText = in.shortString();
          int failingClassId = in.shortUint();
          int failingMethodId = in.shortUint();
          return new Close(replyCode, replyText, failingClassId, failingMethodId);
        }
      case CloseOk.METHOD_ID:
        return new CloseOk();
      case Blocked.METHOD_ID:
        {
          String reason = in.shortString();
          return new Blocked(reason);
        }
      case Unblocked.METHOD_ID:
        return new Unblocked();
      case UpdateSecret.METHOD_ID:
        {
          AsciiString newSecret = in.longBytes();
          String reason = in.shortString();
          return new UpdateSecret(newSecret, reason);
        }
      case UpdateSecretOk.METHOD_ID:
        return new UpdateSecretOk();
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
