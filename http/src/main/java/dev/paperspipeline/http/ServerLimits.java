package dev.paperspipeline.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Jetty's own limits against slow, oversized and numerous clients, the same for every server of the
 * project.
 *
 * <p>Jetty parses requests without holding a thread, so a slow client costs a connection, not a
 * worker: the idle timeout closes a connection that stops sending (headers that never end, a body
 * that stalls), the minimum request data rate one whose body trickles, and the connection limit
 * stops accepting (new clients wait in the backlog) while that many are open.
 *
 * @param threads request-handling threads at most; Jetty's selector and acceptor threads come on
 *     top
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param maxRequestHeaderBytes a larger request line and headers are answered 431
 * @param maxBodyBytes a larger request body is answered 413 (declared or counted as it arrives)
 * @param minRequestDataRate a client that sends its body slower than this many bytes per second is
 *     cut off
 * @param maxConnections connections open at once; more wait to be accepted
 */
public record ServerLimits(
    int threads,
    Duration idleTimeout,
    int maxRequestHeaderBytes,
    long maxBodyBytes,
    long minRequestDataRate,
    int maxConnections) {
  public static final int DEFAULT_THREADS = 16;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 8 * 1024;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 512;

  public ServerLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (threads < 1
        || idleTimeout.isNegative()
        || idleTimeout.isZero()
        || maxRequestHeaderBytes < 1
        || maxBodyBytes < 0
        || minRequestDataRate < 0
        || maxConnections < 1) {
      throw new IllegalArgumentException(
          "threads, idle timeout, header size and connections must be positive, the body size and"
              + " data rate not negative");
    }
  }

  /** 16 threads, 10 s idle timeout, 8 KiB of headers, 1 MiB bodies, 1 KiB/s, 512 connections. */
  public static ServerLimits defaults() {
    return new ServerLimits(
        DEFAULT_THREADS,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_REQUEST_HEADER_BYTES,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MIN_REQUEST_DATA_RATE,
        DEFAULT_MAX_CONNECTIONS);
  }

  /** These limits with {@code n} request-handling threads. */
  public ServerLimits withThreads(int n) {
    return new ServerLimits(
        n, idleTimeout, maxRequestHeaderBytes, maxBodyBytes, minRequestDataRate, maxConnections);
  }

  /** These limits with request bodies of {@code n} bytes at most. */
  public ServerLimits withMaxBodyBytes(long n) {
    return new ServerLimits(
        threads, idleTimeout, maxRequestHeaderBytes, n, minRequestDataRate, maxConnections);
  }
}
