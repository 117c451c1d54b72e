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

    /**
     * A call whose deadline has already passed is not made: it ends as {@link Reason#TIMEOUT} all the same, marked
     * {@linkplain FetchResult#notCalled not called}. That happens when what came before it used the whole deadline:
     * a monolith that answered just in time for an enricher that needs base fields, or a replica so short of CPU that
     * the call's thread ran only after its deadline. Neither is the upstream's doing.
     */
    @Override
    public Fetch apply(Fetch next) {
        return request -> {
            if (request.deadline().passed()) {
                return FetchResult.notCalled(Reason.TIMEOUT, "deadline passed before the call began");
            }
            return timer.call(request.deadline(), () -> next.fetch(request))
                    .orElseGet(() -> FetchResult.failed(Reason.TIMEOUT, "deadline passed"));
        };
    }
}
