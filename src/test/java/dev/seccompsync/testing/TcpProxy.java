package dev.seccompsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that a test can take down and bring back on the same port, so that a
 * client sees an API server stop (connections reset, then refused) and start again, while the
 * server behind it keeps its state. TLS passes through untouched.
 */
public final class TcpProxy implements AutoCloseable {

  private final int target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private int port;

  public TcpProxy(int target) {
    this.target = target;
  }

  /** Starts listening, on a free port the first time and on the same port after {@link #stop}. */
  public synchronized void start() throws IOException {
    var socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    port = socket.getLocalPort();
    server = socket;
    var thread = new Thread(() -> accept(socket), "tcp-proxy-accept");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return port;
  }

  /** Closes the listener and every open connection. */
  public synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // closing
    }
    for (var socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing
      }
    }
    sockets.clear();
  }

  private void accept(ServerSocket listener) {
    while (!listener.isClosed()) {
      try {
        var client = listener.accept();
        var upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    var thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // the other side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // closing
                }
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    stop();
  }
}
