package dev.paperspipeline.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The registry client's TLS context from Confluent's {@code schema.registry.ssl.*} settings. */
final class RegistryTls {
  private RegistryTls() {}

  /** A context using the configured stores, or null when none is configured (JDK defaults). */
  static SSLContext context(Map<String, ?> config) {
    String trustLocation = RegistryConfig.string(config, RegistryConfig.SSL_TRUSTSTORE_LOCATION);
    String keyLocation = RegistryConfig.string(config, RegistryConfig.SSL_KEYSTORE_LOCATION);
    if (blank(trustLocation) && blank(keyLocation)) {
      return null;
    }
    try {
      TrustManagerFactory tmf = null;
      if (!blank(trustLocation)) {
        KeyStore trust =
            load(
                trustLocation,
                RegistryConfig.string(config, RegistryConfig.SSL_TRUSTSTORE_TYPE),
                RegistryConfig.string(config, RegistryConfig.SSL_TRUSTSTORE_PASSWORD),
                RegistryConfig.SSL_TRUSTSTORE_LOCATION);
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (!blank(keyLocation)) {
        String storePassword = RegistryConfig.string(config, RegistryConfig.SSL_KEYSTORE_PASSWORD);
        KeyStore keys =
            load(
                keyLocation,
                RegistryConfig.string(config, RegistryConfig.SSL_KEYSTORE_TYPE),
                storePassword,
                RegistryConfig.SSL_KEYSTORE_LOCATION);
        String keyPassword = RegistryConfig.string(config, RegistryConfig.SSL_KEY_PASSWORD);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, chars(keyPassword != null ? keyPassword : storePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS for the schema registry client: " + e.getMessage(), e);
    }
  }

  /** Loads a key or trust store; the password never appears in a message. */
  static KeyStore load(String location, String type, String password, String setting) {
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(setting + " " + location + " does not exist");
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(blank(type) ? "PKCS12" : type.trim());
      store.load(in, chars(password));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read " + setting + " " + location + " (wrong password or type?)", e);
    }
  }

  private static char[] chars(String s) {
    return s == null ? null : s.toCharArray();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
