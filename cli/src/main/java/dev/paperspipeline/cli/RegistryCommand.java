package dev.paperspipeline.cli;

import dev.paperspipeline.registry.KafkaSchemaStore;
import dev.paperspipeline.registry.RegistryServerSecurity;
import dev.paperspipeline.registry.SchemaRegistryServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code papers registry}: the project's schema registry alone, against an existing cluster. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the project's Confluent-compatible schema registry against an existing Kafka cluster"
          + " (-b, and -F for a secured one: SASL, TLS) until stopped (Ctrl-C), as papers local"
          + " runs it next to its own broker.",
      "Schemas live in the compacted topic --topic (default _schemas), created when missing with"
          + " one partition, replication factor min(3, brokers) and min.insync.replicas 2 with 3"
          + " replicas (1 otherwise). Several registry processes may share one topic.",
      "HTTPS with --keystore, HTTP basic authentication with --user (repeatable)."
    })
public final class RegistryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--host",
      defaultValue = SchemaRegistryServer.Config.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "" + SchemaRegistryServer.Config.DEFAULT_PORT,
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--topic",
      defaultValue = KafkaSchemaStore.DEFAULT_TOPIC,
      description = "Topic that holds the schemas (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "Serve HTTPS with the key and certificate of this key store (PKCS12 or JKS).")
  Path keystore;

  @Option(
      names = "--keystore-password",
      paramLabel = "PASSWORD",
      description =
          "Password of --keystore and its key (default: $PAPERS_REGISTRY_KEYSTORE_PASSWORD).")
  String keystorePassword;

  @Option(
      names = "--keystore-type",
      defaultValue = "PKCS12",
      description = "PKCS12 or JKS (default: ${DEFAULT-VALUE}).")
  String keystoreType;

  @Option(
      names = "--user",
      paramLabel = "USER:PASSWORD",
      description =
          "Require HTTP basic authentication; repeatable, one per user (default: the"
              + " comma-separated $PAPERS_REGISTRY_USERS, else no authentication).")
  List<String> users;

  /** Counted down by Ctrl-C (and by tests) to stop the registry. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PortInUseException.requireFree(host, port, "--port");
    RegistryServerSecurity security = security(System.getenv());
    cluster.probeKafka();
    Map<String, Object> clients = storeSettings(cluster.clients().admin());
    PrintWriter out = spec.commandLine().getOut();
    try (KafkaSchemaStore store =
            new KafkaSchemaStore(cluster.clients().bootstrapServers(), topic, clients);
        SchemaRegistryServer server =
            SchemaRegistryServer.start(
                SchemaRegistryServer.Config.of(store).withHost(host).withPort(port), security)) {
      Thread hook = new Thread(stop::countDown, "papers-registry-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("Kafka bootstrap servers: " + cluster.clients().bootstrapServers());
      out.println("Schema topic:            " + topic);
      out.println(
          "Schema registry URL:     "
              + server.url()
              + (security.users().isEmpty()
                  ? ""
                  : " (basic auth: " + security.users().size() + " users)"));
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stop.await();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
      return ExitCodes.OK;
    }
  }

  /** The Kafka settings of the store's clients: the registry client's own names left out. */
  static Map<String, Object> storeSettings(Map<String, Object> admin) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(admin);
    out.keySet()
        .removeIf(
            k ->
                k.startsWith("schema.registry.")
                    || k.startsWith("basic.auth.")
                    || k.startsWith("bearer.auth."));
    out.remove("bootstrap.servers");
    return out;
  }

  private RegistryServerSecurity security(Map<String, String> env) {
    RegistryServerSecurity security = RegistryServerSecurity.NONE;
    if (keystore != null) {
      String password =
          keystorePassword != null
              ? keystorePassword
              : env.get("PAPERS_REGISTRY_KEYSTORE_PASSWORD");
      if (!java.nio.file.Files.isRegularFile(keystore)) {
        throw new IllegalArgumentException("--keystore: no such file " + keystore);
      }
      security = security.withTls(keystore, password, keystoreType);
    }
    List<String> given = users;
    if (given == null && env.get("PAPERS_REGISTRY_USERS") != null) {
      given = List.of(env.get("PAPERS_REGISTRY_USERS").split(","));
    }
    if (given != null) {
      for (String user : given) {
        security = security.withUser(user.trim());
      }
    }
    return security;
  }
}
