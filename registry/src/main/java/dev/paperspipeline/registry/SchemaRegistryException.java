package dev.paperspipeline.registry;

/**
 * A schema registry request failed. Carries the HTTP status and Confluent's error code (the same
 * codes a Confluent Schema Registry answers), or {@link #UNREACHABLE} for both when no registry
 * answered.
 */
public class SchemaRegistryException extends RuntimeException {
  /** Status and error code of a registry that could not be reached (after retries). */
  public static final int UNREACHABLE = -1;

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_SOFT_DELETED = 40404;
  public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
  public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;

  /**
   * Error code of an incompatible registration (HTTP 409). Current Confluent releases answer 40901;
   * older ones answered 409, which {@link #isIncompatible()} also accepts.
   */
  public static final int INCOMPATIBLE_SCHEMA = 40901;

  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  /** A schema whose record is larger than the schema topic accepts (HTTP 422, as Confluent). */
  public static final int SCHEMA_TOO_LARGE = 42209;

  public static final int STORE_ERROR = 50001;
  public static final int OPERATION_TIMEOUT = 50002;

  /** What Confluent's client reports when an error body is not the registry's JSON. */
  public static final int UNPARSEABLE_ERROR_BODY = 50005;

  private final int status;
  private final int errorCode;

  public SchemaRegistryException(int status, int errorCode, String message) {
    this(status, errorCode, message, null);
  }

  public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
    super(message + describe(status, errorCode), cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  private static String describe(int status, int errorCode) {
    return status == UNREACHABLE ? "" : " (HTTP " + status + ", error code " + errorCode + ")";
  }

  /** The HTTP status, or {@link #UNREACHABLE}. */
  public int status() {
    return status;
  }

  /** Confluent's error code, e.g. 40401, or {@link #UNREACHABLE}. */
  public int errorCode() {
    return errorCode;
  }

  /** The schema is incompatible with the subject's earlier versions (HTTP 409). */
  public boolean isIncompatible() {
    return status == 409;
  }

  /** A subject, version or schema does not exist (HTTP 404). */
  public boolean isNotFound() {
    return status == 404;
  }

  /** No registry answered, after the configured retries. */
  public boolean isUnreachable() {
    return status == UNREACHABLE;
  }

  static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  static SchemaRegistryException versionNotFound(Object version) {
    return new SchemaRegistryException(
        404, VERSION_NOT_FOUND, "Version " + version + " not found.");
  }

  static SchemaRegistryException schemaNotFound(Integer id) {
    return new SchemaRegistryException(
        404, SCHEMA_NOT_FOUND, id == null ? "Schema not found" : "Schema " + id + " not found");
  }

  static SchemaRegistryException invalidSchema(String detail, Throwable cause) {
    return new SchemaRegistryException(422, INVALID_SCHEMA, "Invalid schema: " + detail, cause);
  }

  /**
   * What went wrong, for a message to a client: the innermost message of {@code e}'s causes,
   * without exception class names.
   */
  static String reason(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (message == null) {
      return "no details";
    }
    // Wrappers such as ExecutionException prefix the cause's class name; keep only the message.
    String stripped =
        message.replaceAll(
            "\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?", "");
    // A message that still names a JVM or library class (e.g. a JVM null-pointer message) helps no
    // client; Avro full names (namespace.Record) in schema errors are the client's own and stay.
    return stripped.matches(
            "(?s).*\\b(?:java|javax|jdk|sun|com\\.sun|com\\.fasterxml|org\\.apache)\\."
                + "(?:[a-z_][a-z0-9_]*\\.)*[A-Z].*")
        ? "no details"
        : stripped;
  }
}
