package dev.paperspipeline.http;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request to a {@link Routes} endpoint and its answer: the path parameters of the matched
 * template (percent-decoded), the raw query, the request body (read whole before the endpoint runs)
 * and one answer, sent whole.
 */
public final class Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Map<String, String> params;
  private final byte[] body;

  Exchange(
      Request request,
      Response response,
      Callback callback,
      Map<String, String> params,
      byte[] body) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.params = params;
    this.body = body;
  }

  /** The request method, e.g. {@code GET}. */
  public String method() {
    return request.getMethod();
  }

  /** The value of path parameter {@code {name}} of the template, percent-decoded. */
  public String param(String name) {
    return params.get(name);
  }

  /** The path as sent, still percent-encoded. */
  public String rawPath() {
    return request.getHttpURI().getPath();
  }

  /** The query as sent (null without one), still percent-encoded. */
  public String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  /** The first value of request header {@code name}, or null. */
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The whole request body, read before the endpoint ran (empty without one). */
  public byte[] body() {
    return body;
  }

  /** Sets a response header (before {@link #send}). */
  public Exchange responseHeader(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  /** Answers {@code status} with {@code body} of {@code contentType}; the exchange is then done. */
  public void send(int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Answers {@code status} through the server's error format; the exchange is then done. */
  public void error(int status) {
    Response.writeError(request, response, callback, status);
  }
}
