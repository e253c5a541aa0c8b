package dev.tierkit.dist.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code tierkit demo} runs and where: two data centers, {@code us-east} on 127.1.0.x and
 * {@code eu-west} on 127.2.0.x, each with a cdn-edge in front of an lb in front of two web servers;
 * and shared by both, a cache-server, an mq-broker, a worker and a dns-geo authoritative for
 * {@value #ZONE} on 127.0.0.1, whose geo names {@code www} and {@code static} answer the client's
 * data center's edge address (by client network, 127.1.0.0/16 to us-east, 127.2.0.0/16 to eu-west,
 * anyone else us-east) while that edge answers its health check.
 *
 * <p>Immutable: {@link #allocate()} picks free ports once, and every command line, generated file
 * and printed table is derived from the result.
 */
public record DemoTopology(List<DataCenter> dataCenters, Shared shared) {
  /** The zone dns-geo serves. */
  public static final String ZONE = "demo.tierkit.test.";

  /** The TTL of the geo names' answers: short, so that clients follow a failover quickly. */
  public static final Duration GEO_TTL = Duration.ofSeconds(5);

  /** The geo names of the zone, each answering the client's data center's edge address. */
  public static final List<String> GEO_NAMES = List.of("www", "static");

  /** Copies the lists and checks that names are unique. */
  public DemoTopology {
    dataCenters = List.copyOf(dataCenters);
    Objects.requireNonNull(shared, "shared");
    if (dataCenters.isEmpty()) {
      throw new IllegalArgumentException("dataCenters must not be empty");
    }
    List<String> names = new ArrayList<>();
    for (Node node : nodesOf(dataCenters, shared)) {
      if (names.contains(node.name())) {
        throw new IllegalArgumentException("node name " + node.name() + " is used twice");
      }
      names.add(node.name());
    }
  }

  /** A daemon with its main listener and admin endpoint. */
  public record Daemon(String name, String kind, HostPort listen, HostPort admin) {}

  /** A demo web server; it has no admin endpoint, its {@code /healthz} is on its own port. */
  public record WebServer(String name, String dataCenter, HostPort listen) {}

  /**
   * One data center: {@code network} is the client network (CIDR) mapped to it first, {@code edge}
   * fronts {@code lb}, which balances over {@code webs}.
   */
  public record DataCenter(
      String name, String network, Daemon edge, Daemon lb, List<WebServer> webs) {
    /** Copies the list. */
    public DataCenter {
      webs = List.copyOf(webs);
    }

    /**
     * The address {@code a.b.third.fourth} in this data center's client network (a /16: {@code
     * 127.1.0.0/16} gives {@code 127.1.third.fourth}), for a client the demo simulates there.
     */
    public InetAddress clientAddress(int third, int fourth) {
      String[] octets = network.substring(0, network.indexOf('/')).split("\\.");
      String address = octets[0] + "." + octets[1] + "." + third + "." + fourth;
      try {
        return InetAddress.getByName(address);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("no address " + address + " in " + network, e);
      }
    }
  }

  /**
   * The services both data centers share. {@code worker} serves no clients: its {@code listen} and
   * {@code admin} are the same address, where its {@code /metrics} and {@code /healthz} answer, on
   * 127.0.0.1 because {@code tierkit demo-worker} binds its admin port there.
   */
  public record Shared(Daemon cache, Daemon mq, Daemon worker, Daemon dns) {}

  /** One row of the topology: every process, with what it listens on. */
  public record Node(String name, String kind, String dataCenter, String listen, String admin) {}

  /**
   * The default topology with free ports picked now on its addresses: per data center the edge on
   * {@code .1}, the lb on {@code .2}, the web servers on {@code .11} and {@code .12}; the shared
   * services on 127.0.0.1. Admin endpoints listen on their daemon's own address.
   */
  public static DemoTopology allocate() {
    FreePorts ports = new FreePorts();
    List<DataCenter> dcs = new ArrayList<>();
    String[][] layout = {{"us-east", "127.1"}, {"eu-west", "127.2"}};
    int webNumber = 1;
    for (String[] dc : layout) {
      String name = dc[0];
      String net = dc[1];
      String edgeHost = net + ".0.1";
      String lbHost = net + ".0.2";
      List<WebServer> webs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        webs.add(new WebServer("web-" + webNumber++, name, ports.tcp(net + ".0." + (11 + i))));
      }
      dcs.add(
          new DataCenter(
              name,
              net + ".0.0/16",
              new Daemon("edge-" + name, "cdn-edge", ports.tcp(edgeHost), ports.tcp(edgeHost)),
              new Daemon("lb-" + name, "lb", ports.tcp(lbHost), ports.tcp(lbHost)),
              webs));
    }
    String shared = "127.0.0.1";
    HostPort workerAdmin = ports.tcp(shared);
    return new DemoTopology(
        dcs,
        new Shared(
            new Daemon("cache", "cache-server", ports.tcp(shared), ports.tcp(shared)),
            new Daemon("mq", "mq-broker", ports.tcp(shared), ports.tcp(shared)),
            new Daemon("worker", "demo-worker", workerAdmin, workerAdmin),
            new Daemon("dns", "dns-geo", ports.tcpAndUdp(shared), ports.tcp(shared))));
  }

  /** The data center clients fall back to when their network is not mapped: the first one. */
  public DataCenter defaultDataCenter() {
    return dataCenters.get(0);
  }

  /** Every process of the topology, shared services first. */
  public List<Node> nodes() {
    return nodesOf(dataCenters, shared);
  }

  private static List<Node> nodesOf(List<DataCenter> dataCenters, Shared shared) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(node(shared.cache(), "shared"));
    nodes.add(node(shared.mq(), "shared"));
    Daemon worker = shared.worker();
    nodes.add(new Node(worker.name(), worker.kind(), "shared", "-", worker.admin().toString()));
    nodes.add(node(shared.dns(), "shared"));
    for (DataCenter dc : dataCenters) {
      nodes.add(node(dc.edge(), dc.name()));
      nodes.add(node(dc.lb(), dc.name()));
      for (WebServer web : dc.webs()) {
        nodes.add(new Node(web.name(), "demo-web", dc.name(), web.listen().toString(), "-"));
      }
    }
    return nodes;
  }

  private static Node node(Daemon daemon, String where) {
    return new Node(
        daemon.name(), daemon.kind(), where, daemon.listen().toString(), daemon.admin().toString());
  }

  /** The topology as a table, one process a line, columns aligned, for the console. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "KIND", "WHERE", "LISTEN", "ADMIN"});
    for (Node n : nodes()) {
      rows.add(new String[] {n.name(), n.kind(), n.dataCenter(), n.listen(), n.admin()});
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    for (DataCenter dc : dataCenters) {
      out.append(
          String.format(
              "%s: clients from %s; %s -> %s -> %s%n",
              dc.name(),
              dc.network(),
              dc.edge().name(),
              dc.lb().name(),
              String.join(", ", dc.webs().stream().map(WebServer::name).toList())));
    }
    return out.toString();
  }
}
