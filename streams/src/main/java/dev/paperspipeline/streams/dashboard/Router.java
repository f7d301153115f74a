package dev.paperspipeline.streams.dashboard;

import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Says which instance holds the store partition of a key: this one, or a remote one. */
public interface Router {
  /**
   * The remote instance that owns {@code key} of {@code store}, or empty when this instance does.
   *
   * @throws IllegalStateException when no instance owns it right now (rebalancing)
   */
  Optional<HostInfo> remoteOwner(String store, String key);

  /** A router for a single instance that owns everything (tests, one-instance runs). */
  static Router local() {
    return (store, key) -> Optional.empty();
  }

  /**
   * Routes by the store metadata of a running {@link KafkaStreams} whose {@code application.server}
   * is {@code self}. Keys are the store's partitioning keys, serialized as strings, as the
   * topologies partition them.
   */
  static Router of(KafkaStreams streams, HostInfo self) {
    StringSerializer keys = new StringSerializer();
    return (store, key) -> {
      KeyQueryMetadata meta = streams.queryMetadataForKey(store, key, keys);
      if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
        throw new IllegalStateException("no instance holds " + store + " for key " + key + " yet");
      }
      HostInfo owner = meta.activeHost();
      return owner.equals(self) ? Optional.empty() : Optional.of(owner);
    };
  }
}
