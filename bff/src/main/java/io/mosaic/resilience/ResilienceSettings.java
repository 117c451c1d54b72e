package io.mosaic.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * One enricher's circuit breaker thresholds ({@code circuit-breaker} in {@code enricher.yaml}).
 *
 * @param enabled          whether the enricher has a breaker
 * @param failureRate      percentage of failed calls that opens it
 * @param slowCallRate     percentage of slow calls that opens it
 * @param slowCall         how long a call must take to count as slow
 * @param window           number of recent calls the rates are computed over
 * @param minimumCalls     calls needed before the rates count
 * @param openFor          how long it stays open before half-open probes
 * @param halfOpenCalls    probe calls allowed while half-open
 */
public record ResilienceSettings(boolean enabled, float failureRate, float slowCallRate, Duration slowCall,
                                 int window, int minimumCalls, Duration openFor, int halfOpenCalls) {

    public static final float DEFAULT_FAILURE_RATE = 50;
    public static final float DEFAULT_SLOW_CALL_RATE = 100;
    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(10);
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;

    /** Build the named breaker. */
    public CircuitBreaker breaker(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .slowCallRateThreshold(slowCallRate)
                .slowCallDurationThreshold(slowCall)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }
}
