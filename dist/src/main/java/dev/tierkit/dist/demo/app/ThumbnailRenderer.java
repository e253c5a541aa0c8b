package dev.tierkit.dist.demo.app;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The worker's real work: draws a source image from a seed, scales it down with bilinear
 * interpolation and encodes the thumbnail as PNG.
 *
 * <p>The source is drawn, not decoded, so that jobs carry a few bytes instead of a photo, while the
 * cost still grows with width x height as a real resize does: filling and scaling touch every
 * source pixel. The same seed and size always give the same PNG bytes.
 */
public final class ThumbnailRenderer {
  static {
    // No display on servers: AWT must not look for one. Set before any AWT class does work.
    System.setProperty("java.awt.headless", "true");
  }

  /** The longest side of a thumbnail, in pixels. */
  public static final int THUMBNAIL_SIDE = 256;

  private ThumbnailRenderer() {}

  /** The PNG thumbnail of the image {@code seed} draws at {@code width} x {@code height}. */
  public static byte[] render(int width, int height, long seed) {
    BufferedImage source = draw(width, height, seed);
    double scale = Math.min(1.0, (double) THUMBNAIL_SIDE / Math.max(width, height));
    int tw = Math.max(1, (int) Math.round(width * scale));
    int th = Math.max(1, (int) Math.round(height * scale));
    BufferedImage thumbnail = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumbnail.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, tw, th, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(thumbnail, "png", png)) {
        throw new IllegalStateException("this JVM has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding into memory failed", e);
    }
    return png.toByteArray();
  }

  /**
   * A gradient background with discs on it, all from the seed. Smooth on purpose: a noisy source
   * would make every thumbnail an incompressible 100 KB PNG instead of a few KB (and a steep or
   * wrapping gradient nearly as large), filling the demo's cache with results.
   */
  static BufferedImage draw(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int r0 = random.nextInt(256);
    int g0 = random.nextInt(256);
    int b0 = random.nextInt(256);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // A gentle ramp (at most 64 levels across) that PNG's filters predict well.
        int r = Math.min(255, r0 / 2 + x * 64 / width);
        int gr = Math.min(255, g0 / 2 + y * 64 / height);
        int b = Math.min(255, b0 / 2 + (x + y) * 64 / (width + height));
        image.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int discs = 8 + random.nextInt(24);
      for (int i = 0; i < discs; i++) {
        g.setColor(new Color(random.nextInt(0x1000000)));
        int d = 1 + random.nextInt(Math.max(2, Math.min(width, height) / 3));
        g.fillOval(random.nextInt(width), random.nextInt(height), d, d);
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
