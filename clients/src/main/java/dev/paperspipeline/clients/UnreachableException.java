package dev.paperspipeline.clients;

/**
 * The Kafka cluster or the schema registry cannot be reached or refused our credentials. The
 * message is one line a person can act on: the address, and what was tried or refused.
 */
public final class UnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnreachableException(String message) {
    super(message);
  }

  public UnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
