package dev.tierkit.dist.demo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tierkit.dist.TierkitCommand;
import dev.tierkit.dist.demo.HostPort;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo commands' wiring and the pieces that need no daemon. */
class DemoCommandsTest {
  @Test
  void demoCommandsAreRegisteredButHiddenFromUsage() {
    CommandLine tierkit = new CommandLine(new TierkitCommand());
    StringWriter usage = new StringWriter();
    tierkit.usage(new PrintWriter(usage));

    assertThat(tierkit.getSubcommands()).containsKeys("demo-web", "demo-worker");
    assertThat(usage.toString()).doesNotContain("demo-web").doesNotContain("demo-worker");
  }

  @Test
  void demoWebParsesItsOptions() {
    CommandLine tierkit = new CommandLine(new TierkitCommand());
    CommandLine.ParseResult parsed =
        tierkit.parseArgs(
            "demo-web",
            "--port",
            "0",
            "--name",
            "web-2",
            "--dc",
            "eu-west",
            "--cache",
            "127.0.0.1:11211",
            "--amqp",
            "[::1]:5672",
            "--asset-version",
            "3");
    DemoWebCommand web = (DemoWebCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(web.services.cache).isEqualTo(new HostPort("127.0.0.1", 11211));
    assertThat(web.services.amqp).isEqualTo(new HostPort("::1", 5672));
    assertThat(web.services.amqp).hasToString("[::1]:5672");
    assertThat(web.assetVersion).isEqualTo(3);
  }

  @Test
  void badAddressIsRejectedNamingTheForm() {
    Throwable thrown = catchThrowable(() -> HostPort.parse("localhost"));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HOST:PORT");
  }

  @Test
  void photoJobSurvivesTheJsonRoundTrip() {
    PhotoJob job = new PhotoJob("abc123", "alice", 800, 600, -42L);

    assertThat(PhotoJob.fromJson(job.toJson())).isEqualTo(job);
  }

  @Test
  void malformedJobIsRejectedNotThrownAsSomethingElse() {
    Throwable thrown =
        catchThrowable(
            () -> PhotoJob.fromJson("{\"id\":\"XYZ\"}".getBytes(StandardCharsets.UTF_8)));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thumbnailIsAPngScaledToFitTheBoundingBox() throws Exception {
    byte[] png = ThumbnailRenderer.render(1024, 512, 7);

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(ThumbnailRenderer.THUMBNAIL_SIDE);
    assertThat(image.getHeight()).isEqualTo(ThumbnailRenderer.THUMBNAIL_SIDE / 2);
    assertThat(ThumbnailRenderer.render(1024, 512, 7)).isEqualTo(png);
  }
}
