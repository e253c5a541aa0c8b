package dev.tierkit.common.admin;

import dev.tierkit.common.config.ConfigException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one aggregated admin request to its handler and writes the answer: 404 for an unknown
 * path, 405 (with {@code Allow}) for a known path with another method, 401/403 from {@link
 * AdminAuth} on mutating routes, 400 for a request the HTTP codec could not parse or a handler that
 * rejects its input (an {@link IllegalArgumentException} or a {@link ConfigException}), 500 when a
 * handler fails otherwise. HEAD is answered like GET without a body.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

  private final AdminRoutes routes;
  private final AdminAuth auth;

  AdminHttpHandler(AdminRoutes routes, AdminAuth auth) {
    this.routes = routes;
    this.auth = auth;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      respond(ctx, request, AdminResponse.text(400, "bad request"), true);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
    boolean head = request.method().equals(HttpMethod.HEAD);
    String method = head ? "GET" : request.method().name();
    Map<String, AdminRoutes.Route> atPath = routes.at(uri.path());
    if (atPath.isEmpty()) {
      respond(ctx, request, AdminResponse.text(404, "no admin route " + uri.path()), false);
      return;
    }
    AdminRoutes.Route route = atPath.get(method);
    if (route == null) {
      TreeSet<String> allowed = new TreeSet<>(atPath.keySet());
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      FullHttpResponse response =
          toHttp(
              ctx, request, AdminResponse.text(405, "method " + request.method() + " not allowed"));
      response.headers().set(HttpHeaderNames.ALLOW, String.join(", ", allowed));
      write(ctx, response, false);
      return;
    }
    if (route.mutating()) {
      switch (auth.check(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
        case UNAUTHORIZED -> {
          FullHttpResponse response =
              toHttp(ctx, request, AdminResponse.text(401, "admin token required"));
          response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tierkit\"");
          write(ctx, response, false);
          return;
        }
        case DISABLED -> {
          respond(
              ctx,
              request,
              AdminResponse.text(
                  403,
                  "mutating admin routes are off: the admin endpoint is bound off loopback"
                      + " and no --admin-token is set"),
              false);
          return;
        }
        case ALLOWED -> {}
      }
    }
    AdminResponse answer;
    try {
      answer =
          route
              .handler()
              .handle(
                  new AdminRequest(
                      method,
                      uri.path(),
                      uri.parameters(),
                      request.content().toString(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | ConfigException e) {
      // The operator's input (a parameter, or a config file a reload read) is at fault.
      answer = AdminResponse.text(400, String.valueOf(e.getMessage()));
    } catch (Exception e) {
      log.error("admin route {} {} failed", method, uri.path(), e);
      answer = AdminResponse.text(500, "internal error: " + e);
    }
    if (head) {
      // Content-Length stays that of the GET answer, as RFC 9110 asks of HEAD.
      FullHttpResponse response = toHttp(ctx, request, answer);
      response.content().clear();
      write(ctx, response, false);
    } else {
      respond(ctx, request, answer, false);
    }
  }

  private static void respond(
      ChannelHandlerContext ctx, FullHttpRequest request, AdminResponse answer, boolean close) {
    write(ctx, toHttp(ctx, request, answer), close);
  }

  private static FullHttpResponse toHttp(
      ChannelHandlerContext ctx, FullHttpRequest request, AdminResponse answer) {
    ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), answer.body());
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            request.decoderResult().isSuccess()
                    && request.protocolVersion().equals(HttpVersion.HTTP_1_0)
                ? HttpVersion.HTTP_1_0
                : HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    HttpUtil.setContentLength(response, body.readableBytes());
    return response;
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
    if (close) {
      HttpUtil.setKeepAlive(response, false);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
