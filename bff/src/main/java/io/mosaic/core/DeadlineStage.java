package io.mosaic.core;

/**
 * Enforces {@link FetchRequest#deadline()} as a total deadline: when it passes, the call is interrupted, its
 * socket closed, and it ends as {@link Reason#TIMEOUT}. A socket read timeout alone would let a slow drip run
 * forever.
 */
public final class DeadlineStage implements FetchStage {

    private final DeadlineTimer timer;

    public DeadlineStage(DeadlineTimer timer) {
        this.timer = timer;
    }

    @Override
    public Fetch apply(Fetch next) {
        return request -> timer.call(request.deadline(), () -> next.fetch(request))
                .orElseGet(() -> FetchResult.failed(Reason.TIMEOUT, "deadline passed"));
    }
}
