package dev.paperspipeline.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A port a command must listen on is taken; the message names the flag that changes it. */
final class PortInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PortInUseException(String host, int port, String flag) {
    super(
        "port "
            + port
            + " on "
            + host
            + " is already in use; choose another with "
            + flag
            + " PORT (0 picks a free one)");
  }

  /**
   * Fails when something already listens on {@code host:port} (0 always passes), before anything is
   * started.
   */
  static void requireFree(String host, int port, String flag) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new PortInUseException(host, port, flag);
    }
  }
}
