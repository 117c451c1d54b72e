package io.mosaic.config;

import java.time.Duration;

/**
 * {@code mosaic.shadow}: how shadow comparisons run. They never delay or change the primary answer: they run
 * after it is sent, on a small pool with a bounded queue; when the queue or the memory for it is full, the
 * comparison is skipped and counted.
 *
 * @param maxConcurrent   comparisons running at once (the shadow bulkhead)
 * @param queueSize       comparisons waiting at most
 * @param maxMemory       bytes of primary answers held at most for comparisons, waiting or running, and for copies
 *                        of direct answers being streamed; at most 2 GB
 * @param deadline        each comparison's deadline for its upstream calls
 * @param noiseSampleRate share of comparisons that also fetch the direct path twice to learn which paths differ
 *                        between two identical legacy answers (noise), and leave those out
 * @param logSampleRate   share of mismatches written to the diff log
 * @param logValues       whether the diff log shows values; by default only types and sizes
 * @param maxTrackedPaths distinct mismatch paths kept per entity type, in the report and metric labels;
 *                        further paths count as {@code (other)}
 */
public record ShadowSettings(int maxConcurrent, int queueSize, int maxMemory, Duration deadline,
                             double noiseSampleRate, double logSampleRate, boolean logValues, int maxTrackedPaths) {

    static final int DEFAULT_MAX_MEMORY = 4 * 1024 * 1024;

    static ShadowSettings create(ConfigReader config) {
        config.allowOnly("max-concurrent", "queue-size", "max-memory", "deadline", "noise-sample-rate",
                "log-sample-rate", "log-values", "max-tracked-paths");
        long maxMemory = config.bytes("max-memory", DEFAULT_MAX_MEMORY);
        if (maxMemory > Integer.MAX_VALUE) {
            config.problems().add(config.where("max-memory"), "must be at most 2 GB");
        }
        return new ShadowSettings(config.positiveInt("max-concurrent", 2),
                config.positiveInt("queue-size", 64),
                (int) Math.min(maxMemory, Integer.MAX_VALUE),
                config.duration("deadline", Duration.ofSeconds(2)),
                config.fraction("noise-sample-rate", 0),
                config.fraction("log-sample-rate", 0.01),
                config.bool("log-values", false),
                config.positiveInt("max-tracked-paths", 100));
    }
}
