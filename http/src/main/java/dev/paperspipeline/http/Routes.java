package dev.paperspipeline.http;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * A server's routes: URI templates ({@code /subjects/{subject}/versions}) and methods to endpoints,
 * matched by Jetty's {@link PathMappingsHandler}. A path no template matches is answered 404, a
 * method a template does not take 405 with {@code Allow}, both through the server's error format.
 *
 * <pre>{@code
 * Handler handler =
 *     new Routes()
 *         .get("/api/topics/{topic}/papers", ex -> topicPapers(ex, ex.param("topic")))
 *         .handler();
 * }</pre>
 */
public final class Routes {
  /** Answers one request whose path matched the endpoint's template. */
  @FunctionalInterface
  public interface Endpoint {
    void handle(Exchange exchange) throws Exception;
  }

  private final Map<String, Route> routes = new LinkedHashMap<>();

  /** Routes {@code GET template} to {@code endpoint}. */
  public Routes get(String template, Endpoint endpoint) {
    return add("GET", template, endpoint);
  }

  /** Routes {@code method template} to {@code endpoint}. */
  public Routes add(String method, String template, Endpoint endpoint) {
    routes
        .computeIfAbsent(template, t -> new Route(new UriTemplatePathSpec(t)))
        .add(method, endpoint);
    return this;
  }

  /** The handler of these routes. */
  public Handler handler() {
    // NoContext: the endpoints see the request's own path, not one relative to the template.
    PathMappingsHandler mappings = new PathMappingsHandler.NoContext();
    routes.values().forEach(r -> mappings.addMapping(r.spec, r));
    return mappings;
  }

  private static void run(Endpoint endpoint, Exchange exchange, Callback callback) {
    try {
      endpoint.handle(exchange);
    } catch (Throwable t) {
      // Jetty answers 500 through the error format while nothing was sent yet.
      callback.failed(t);
    }
  }

  /** A body that could not be read: its limit's status (413), or the connection goes. */
  private static void refuse(Request request, Response response, Callback callback, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof HttpException refused) {
        Response.writeError(request, response, callback, refused.getCode());
        return;
      }
    }
    // The client stalled or went away: its connection closes, with no stack trace in the log.
    callback.failed(new QuietException.Exception("request body not received: " + t.getMessage()));
  }

  private static final class Route extends Handler.Abstract {
    private final UriTemplatePathSpec spec;
    private final Map<String, Endpoint> byMethod = new LinkedHashMap<>();

    Route(UriTemplatePathSpec spec) {
      this.spec = spec;
    }

    void add(String method, Endpoint endpoint) {
      if (byMethod.putIfAbsent(method, endpoint) != null) {
        throw new IllegalArgumentException(method + " " + spec.getDeclaration() + " routed twice");
      }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      Endpoint endpoint = byMethod.get(request.getMethod());
      if (endpoint == null) {
        response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", byMethod.keySet()));
        Response.writeError(request, response, callback, 405);
        return true;
      }
      // The template matched the canonically encoded path: its values are decoded here, once.
      Map<String, String> params = new HashMap<>();
      spec.getPathParams(Request.getPathInContext(request))
          .forEach((k, v) -> params.put(k, URIUtil.decodePath(v)));
      // The body is read without a thread (a slow client holds a connection, not a worker), then
      // the endpoint runs on one of the server's threads.
      CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, -1);
      if (body.isDone() && !body.isCompletedExceptionally()) {
        run(endpoint, new Exchange(request, response, callback, params, body.join()), callback);
      } else {
        body.whenComplete(
            (bytes, failure) -> {
              if (failure != null) {
                refuse(request, response, callback, failure);
              } else {
                request
                    .getContext()
                    .execute(
                        () ->
                            run(
                                endpoint,
                                new Exchange(request, response, callback, params, bytes),
                                callback));
              }
            });
      }
      return true;
    }
  }
}
