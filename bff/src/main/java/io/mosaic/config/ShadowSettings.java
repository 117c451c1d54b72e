package io.mosaic.config;

import java.time.Duration;

/**
 * {@code mosaic.shadow}: how shadow comparisons run. They never delay or change the primary answer: they run
 * after it is sent, on a small pool with a bounded queue; when the queue is full the comparison is skipped and
 * counted.
 *
 * @param maxConcurrent   comparisons running at once (the shadow bulkhead)
 * @param queueSize       comparisons waiting at most
 * @param deadline        each comparison's deadline for its upstream calls
 * @param noiseSampleRate share of comparisons that also fetch the direct path twice to learn which paths differ
 *                        between two identical legacy answers (noise), and leave those out
 * @param logSampleRate   share of mismatches written to the diff log
 * @param logValues       whether the diff log shows values; by default only types and sizes
 * @param maxTrackedPaths distinct mismatch paths kept per entity type, in the report and metric labels;
 *                        further paths count as {@code (other)}
 */
public record ShadowSettings(int maxConcurrent, int queueSize, Duration deadline, double noiseSampleRate,
                             double logSampleRate, boolean logValues, int maxTrackedPaths) {

    static ShadowSettings create(ConfigReader config) {
        config.allowOnly("max-concurrent", "queue-size", "deadline", "noise-sample-rate", "log-sample-rate",
                "log-values", "max-tracked-paths");
        return new ShadowSettings(config.positiveInt("max-concurrent", 2),
                config.positiveInt("queue-size", 64),
                config.duration("deadline", Duration.ofSeconds(2)),
                config.fraction("noise-sample-rate", 0),
                config.fraction("log-sample-rate", 0.01),
                config.bool("log-values", false),
                config.positiveInt("max-tracked-paths", 100));
    }
}
