package dev.paperspipeline.registry;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS and HTTP basic authentication of the embedded registry, as a Confluent registry configured
 * with {@code listeners=https://...}, {@code ssl.keystore.*} and basic authentication offers them.
 * {@link #NONE} serves plain HTTP to everyone.
 *
 * @param keystore the server's key store (PKCS12 or JKS); null for plain HTTP
 * @param keystorePassword its password (also the key's)
 * @param keystoreType PKCS12 (default) or JKS
 * @param users user name to password; empty for no authentication
 */
public record RegistryServerSecurity(
    Path keystore, String keystorePassword, String keystoreType, Map<String, String> users) {
  /** Plain HTTP, no authentication. */
  public static final RegistryServerSecurity NONE =
      new RegistryServerSecurity(null, null, null, Map.of());

  /** The realm named in the 401 answer's WWW-Authenticate header. */
  public static final String REALM = "papers-schema-registry";

  public RegistryServerSecurity {
    users = Map.copyOf(users == null ? Map.of() : users);
  }

  /** Serve HTTPS with this key store. */
  public RegistryServerSecurity withTls(Path store, String password, String type) {
    return new RegistryServerSecurity(store, password, type, users);
  }

  /** Require basic authentication by {@code user:password} (may be called once per user). */
  public RegistryServerSecurity withUser(String userColonPassword) {
    int colon = userColonPassword.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("A registry user is user:password");
    }
    Map<String, String> more = new LinkedHashMap<>(users);
    more.put(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    return new RegistryServerSecurity(keystore, keystorePassword, keystoreType, more);
  }

  /** Whether the server speaks HTTPS. */
  public boolean tls() {
    return keystore != null;
  }

  @Override
  public String toString() {
    // Never the passwords.
    return "RegistryServerSecurity[tls=" + tls() + ", users=" + users.keySet() + "]";
  }

  HttpsConfigurator httpsConfigurator() {
    KeyStore store =
        RegistryTls.load(
            keystore.toString(), keystoreType, keystorePassword, "registry server key store");
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, keystorePassword == null ? null : keystorePassword.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return new HttpsConfigurator(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS with key store " + keystore + ": " + e.getMessage(), e);
    }
  }

  /** Null when no user is configured. */
  BasicAuthenticator authenticator() {
    if (users.isEmpty()) {
      return null;
    }
    return new BasicAuthenticator(REALM, StandardCharsets.UTF_8) {
      @Override
      public boolean checkCredentials(String user, String password) {
        String expected = users.get(user);
        return expected != null
            && password != null
            && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
