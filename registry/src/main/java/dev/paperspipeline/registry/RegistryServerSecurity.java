package dev.paperspipeline.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.security.Password;

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

  /** The server's TLS context, from its key store. */
  SSLContext sslContext() {
    KeyStore store =
        RegistryTls.load(
            keystore.toString(), keystoreType, keystorePassword, "registry server key store");
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, keystorePassword == null ? null : keystorePassword.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS with key store " + keystore + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code handler} behind Jetty's HTTP basic authentication of these users (UTF-8 credentials),
   * answering 401 with {@code WWW-Authenticate: Basic realm="papers-schema-registry"} otherwise;
   * {@code handler} itself when no user is configured.
   */
  Handler protect(Handler handler) {
    if (users.isEmpty()) {
      return handler;
    }
    UserStore known = new UserStore();
    // Password, not Credential.getCredential: a password that starts with "MD5:" is a password.
    users.forEach((user, password) -> known.addUser(user, new Password(password), ROLES));
    HashLoginService login = new HashLoginService(REALM);
    login.setUserStore(known);
    BasicAuthenticator basic = new BasicAuthenticator();
    basic.setCharset(StandardCharsets.UTF_8);
    SecurityHandler.PathMapped security = new SecurityHandler.PathMapped(handler);
    security.put("/*", Constraint.ANY_USER);
    security.setLoginService(login);
    security.setAuthenticator(basic);
    return security;
  }

  private static final String[] ROLES = {"user"};
}
