package io.mosaic.observe;

import io.mosaic.core.Fetch;
import io.mosaic.core.FetchResult;
import io.mosaic.core.FetchStage;

/**
 * Times one upstream's calls and records their outcome, in the metrics and in the request's call log (for
 * {@code Server-Timing}). Outermost, so cache hits and fast failures (bulkhead, circuit) are counted too.
 */
public final class MetricsStage implements FetchStage {

    /** Where a finished call is recorded besides the call log. */
    @FunctionalInterface
    public interface Recorder {
        void record(String outcome, long nanos);
    }

    private final String name;
    private final Recorder recorder;

    /** @param name {@code base} or the enricher's name, as shown in {@code Server-Timing} */
    public MetricsStage(String name, Recorder recorder) {
        this.name = ServerTiming.token(name);
        this.recorder = recorder;
    }

    @Override
    public Fetch apply(Fetch next) {
        return request -> {
            long start = System.nanoTime();
            FetchResult result = next.fetch(request);
            long nanos = System.nanoTime() - start;
            String outcome = outcome(result);
            recorder.record(outcome, nanos);
            request.log().add(name, nanos, outcome);
            return result;
        };
    }

    static String outcome(FetchResult result) {
        return switch (result) {
            case FetchResult.Ok ok -> ok.cached() ? "cache-hit" : "ok";
            case FetchResult.NotFound notFound -> "not-found";
            case FetchResult.Failed failed -> failed.reason().token();
        };
    }
}
