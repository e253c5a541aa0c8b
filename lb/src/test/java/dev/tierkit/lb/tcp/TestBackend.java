package dev.tierkit.lb.tcp;

import dev.tierkit.lb.config.BackendConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain java.net server on 127.0.0.1, one thread per connection, for the relay's far side. */
final class TestBackend implements AutoCloseable {
  /** What the backend does with one accepted connection; the socket is closed after it. */
  interface Behaviour {
    void serve(Socket socket) throws Exception;
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  private TestBackend(Behaviour behaviour) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.behaviour = behaviour;
    Thread acceptor = new Thread(this::acceptLoop, "backend-accept-" + port());
    acceptor.setDaemon(true);
    threads.add(acceptor);
    acceptor.start();
  }

  static TestBackend start(Behaviour behaviour) throws IOException {
    return new TestBackend(behaviour);
  }

  /** Echoes every byte until the client's end of stream, then closes. */
  static TestBackend echo() throws IOException {
    return start(
        s -> {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          byte[] buf = new byte[16384];
          for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
          }
        });
  }

  /** A port nothing listens on (bound once, then closed): connecting there is refused. */
  static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      sockets.add(s);
      Thread t =
          new Thread(
              () -> {
                try (s) {
                  behaviour.serve(s);
                } catch (Exception e) {
                  // The relay closing on us is a normal end for several tests.
                }
              },
              "backend-conn");
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  int port() {
    return server.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  BackendConfig config() {
    return new BackendConfig("127.0.0.1", port(), 1, 0);
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    for (Thread t : threads) {
      t.join(5_000);
    }
  }
}
