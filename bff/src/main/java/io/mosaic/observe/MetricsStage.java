package io.mosaic.observe;

import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.FetchStage;
import java.util.Optional;

/**
 * Times one upstream's calls and records their outcome, in the metrics and in the request's call log (for
 * {@code Server-Timing}). Outermost, so cache hits (also those served at once, through {@link Fetch#ready}) and fast
 * failures (bulkhead, circuit) are counted too.
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
        return new Fetch() {
            @Override
            public FetchResult fetch(FetchRequest request) {
                long start = System.nanoTime();
                FetchResult result = next.fetch(request);
                record(request, result, System.nanoTime() - start);
                return result;
            }

            @Override
            public Optional<FetchResult> ready(FetchRequest request) {
                long start = System.nanoTime();
                Optional<FetchResult> result = next.ready(request);
                result.ifPresent(r -> record(request, r, System.nanoTime() - start));
                return result;
            }
        };
    }

    private void record(FetchRequest request, FetchResult result, long nanos) {
        String outcome = outcome(result);
        recorder.record(outcome, nanos);
        request.log().add(name, nanos, outcome);
    }

    static String outcome(FetchResult result) {
        return switch (result) {
            case FetchResult.Ok ok -> ok.cached() ? "cache-hit" : "ok";
            case FetchResult.NotFound notFound -> "not-found";
            case FetchResult.Failed failed -> failed.reason().token();
        };
    }
}
