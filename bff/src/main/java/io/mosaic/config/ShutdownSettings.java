package io.mosaic.config;

import java.time.Duration;

/**
 * {@code mosaic.shutdown}: what happens on SIGTERM. Readiness turns false at once; after {@code drain-delay}
 * (for load balancers to notice) new connections are refused; in-flight requests then have
 * {@code grace-period} to finish; the process exits 0. Kubernetes' {@code terminationGracePeriodSeconds} must
 * exceed the sum.
 *
 * @param drainDelay  time between readiness turning false and refusing new connections
 * @param gracePeriod time in-flight requests get to finish after that
 */
public record ShutdownSettings(Duration drainDelay, Duration gracePeriod) {

    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(20);

    static ShutdownSettings create(ConfigReader config) {
        config.allowOnly("drain-delay", "grace-period");
        return new ShutdownSettings(config.duration("drain-delay", DEFAULT_DRAIN_DELAY),
                config.duration("grace-period", DEFAULT_GRACE_PERIOD));
    }
}
