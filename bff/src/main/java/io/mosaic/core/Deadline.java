package io.mosaic.core;

import java.time.Duration;

/**
 * A point in time by which work must be done, on the monotonic clock. Deadlines flow down: each call gets
 * what is left of its caller's deadline, or its own smaller timeout.
 */
public record Deadline(long nanoTime) {

    /**
     * The longest span Mosaic counts, 2<sup>31</sup> seconds (about 68 years): the largest delta-seconds RFC 9111 has a
     * cache read, and the most any duration in the config may be. Counted in nanoseconds, twice it still fits a long.
     */
    public static final Duration LONGEST = Duration.ofSeconds(1L << 31);

    /** A deadline {@code timeout} from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** The sooner of this deadline and {@code timeout} from now. */
    public Deadline within(Duration timeout) {
        long candidate = System.nanoTime() + timeout.toNanos();
        return candidate - nanoTime < 0 ? new Deadline(candidate) : this;
    }

    /** Nanoseconds left, negative or zero once passed. */
    public long remainingNanos() {
        return nanoTime - System.nanoTime();
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    public boolean passed() {
        return remainingNanos() <= 0;
    }
}
