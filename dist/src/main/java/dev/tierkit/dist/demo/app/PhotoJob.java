package dev.tierkit.dist.demo.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One thumbnail job as it travels through the {@value #QUEUE} queue, as JSON.
 *
 * @param id the job id, lower-case hex; the result is stored under {@code job:<id>}
 * @param user who asked
 * @param width source image width, {@value #MIN_SIDE} to {@value #MAX_SIDE} pixels
 * @param height source image height, {@value #MIN_SIDE} to {@value #MAX_SIDE} pixels
 * @param seed what the generated source image is drawn from
 */
public record PhotoJob(String id, String user, int width, int height, long seed) {
  /** The durable queue jobs go through. */
  public static final String QUEUE = "photo-jobs";

  /** Smallest source side, in pixels. */
  public static final int MIN_SIDE = 16;

  /**
   * Largest source side: 4096 x 4096 RGB is 64 MB of pixels, the most a worker should hold per job
   * on a small machine.
   */
  public static final int MAX_SIDE = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  public PhotoJob {
    if (id == null || !id.matches("[0-9a-f]{1,64}")) {
      throw new IllegalArgumentException("job id must be lower-case hex, got " + id);
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("job user must not be empty");
    }
    checkSide("width", width);
    checkSide("height", height);
  }

  private static void checkSide(String name, int value) {
    if (value < MIN_SIDE || value > MAX_SIDE) {
      throw new IllegalArgumentException(
          name + " must be " + MIN_SIDE + " to " + MAX_SIDE + ", got " + value);
    }
  }

  /** The job as the JSON the queue carries. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("a PhotoJob always serializes", e);
    }
  }

  /**
   * Reads a job from the queue.
   *
   * @throws IllegalArgumentException when the body is not a valid job
   */
  public static PhotoJob fromJson(byte[] body) {
    try {
      return JSON.readValue(body, PhotoJob.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a photo job: " + e.getMessage(), e);
    }
  }
}
