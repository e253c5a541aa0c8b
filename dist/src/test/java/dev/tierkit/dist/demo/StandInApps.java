package dev.tierkit.dist.demo;

import dev.tierkit.dist.demo.DemoTopology.Daemon;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import java.util.List;

/** {@link DemoApps} that launch {@link StandInWeb} and {@link StandInWorker} from test classes. */
final class StandInApps implements DemoApps {
  @Override
  public Launch web(WebServer web, HostPort cache, HostPort amqp) {
    return new Launch(
        StandInWeb.class.getName(),
        List.of(
            "--bind",
            web.listen().host(),
            "--port",
            Integer.toString(web.listen().port()),
            "--name",
            web.name()));
  }

  @Override
  public Launch worker(Daemon worker, HostPort cache, HostPort amqp) {
    return new Launch(
        StandInWorker.class.getName(),
        List.of(
            "--cache",
            cache.toString(),
            "--amqp",
            amqp.toString(),
            "--admin-port",
            Integer.toString(worker.admin().port())));
  }
}
