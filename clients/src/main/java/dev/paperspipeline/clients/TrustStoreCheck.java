package dev.paperspipeline.clients;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import javax.crypto.BadPaddingException;

/**
 * Opens the truststore a client's settings name before any client is created, so that a missing
 * file, a wrong password or a store whose certificates cannot be read (a PKCS12 store without its
 * password: "trustAnchors parameter must be non-empty" at the first handshake, which Kafka's client
 * reports only as a connection that never answers) is one line naming the file and the setting,
 * instead of a Kafka ERROR and a stack trace, or a 15 s wait.
 */
final class TrustStoreCheck {
  private TrustStoreCheck() {}

  /**
   * Checks the truststore of {@code settings} under {@code prefix} ("" for Kafka's clients, {@code
   * schema.registry.} for the registry client) when TLS is used.
   *
   * @param tls whether the client connects with TLS (Kafka: security.protocol SSL or SASL_SSL)
   * @param origin where a setting came from, e.g. "in --config c.properties" ("" when unknown)
   * @throws IllegalArgumentException naming the file and the setting when the store is unusable
   */
  static void check(
      Map<String, ?> settings,
      String prefix,
      boolean tls,
      java.util.function.Function<String, String> origin) {
    String locationKey = prefix + "ssl.truststore.location";
    String passwordKey = prefix + "ssl.truststore.password";
    String typeKey = prefix + "ssl.truststore.type";
    Object location = settings.get(locationKey);
    if (!tls || location == null || location.toString().isBlank()) {
      return;
    }
    String type = text(settings.get(typeKey));
    if (type != null && type.toUpperCase(Locale.ROOT).equals("PEM")) {
      return; // certificates in ssl.truststore.certificates or a PEM file: Kafka reads those
    }
    String password = text(settings.get(passwordKey));
    Path path = Path.of(location.toString().trim());
    String where = suffix(origin.apply(locationKey));
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          locationKey + where + ": no such file " + path.toAbsolutePath());
    }
    KeyStore store;
    try (InputStream in = Files.newInputStream(path)) {
      store = KeyStore.getInstance(type == null ? "JKS" : type);
      store.load(in, password == null ? null : password.toCharArray());
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException(
          typeKey + suffix(origin.apply(typeKey)) + ": unknown keystore type " + type, e);
    } catch (IOException | GeneralSecurityException e) {
      if (password != null && wrongPassword(e)) {
        throw new IllegalArgumentException(
            passwordKey
                + suffix(origin.apply(passwordKey))
                + " does not open truststore "
                + path
                + " ("
                + locationKey
                + "): wrong password",
            e);
      }
      throw new IllegalArgumentException(
          "cannot read truststore "
              + path
              + " ("
              + locationKey
              + where
              + "): not a "
              + (type == null ? "JKS or PKCS12" : type)
              + " keystore, or "
              + typeKey
              + " is wrong",
          e);
    }
    if (certificates(store) == 0) {
      throw new IllegalArgumentException(
          "truststore "
              + path
              + " ("
              + locationKey
              + where
              + ") holds no certificate readable"
              + (password == null
                  ? " without a password: set " + passwordKey
                  : ": import the CA certificate into it")
              + " (TLS would fail with \"trustAnchors parameter must be non-empty\")");
    }
  }

  private static int certificates(KeyStore store) {
    try {
      int n = 0;
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias) || store.getCertificate(alias) != null) {
          n++;
        }
      }
      return n;
    } catch (KeyStoreException e) {
      return 0;
    }
  }

  private static boolean wrongPassword(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnrecoverableKeyException || t instanceof BadPaddingException) {
        return true;
      }
      String m = t.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains("password")) {
        return true;
      }
    }
    return false;
  }

  private static String suffix(String origin) {
    return origin == null || origin.isEmpty() ? "" : " " + origin;
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof org.apache.kafka.common.config.types.Password p) {
      return p.value();
    }
    String s = value.toString().trim();
    return s.isEmpty() ? null : s;
  }
}
