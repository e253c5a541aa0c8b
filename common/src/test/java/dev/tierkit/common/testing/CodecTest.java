package dev.tierkit.common.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an {@code EmbeddedChannel} codec test. Such tests run in their own JVM with Netty's {@code
 * LeakPresenceDetector}, and {@link LeakPresenceCheck} fails any test that leaves one buffer
 * unreleased. End each test with {@code finishAndReleaseAll()} and release what you read.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("codec")
@ExtendWith(LeakPresenceCheck.class)
public @interface CodecTest {}
