package io.mosaic.routing;

import io.getunleash.util.UnleashScheduledExecutor;
import io.getunleash.util.UnleashScheduledExecutorImpl;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The Unleash SDK's executor, with one change: a one-off task submitted from a virtual thread runs on that
 * thread, at once.
 *
 * <p>The SDK hands every flag evaluation's event ({@code ToggleEvaluated}) to its executor, so each request
 * woke the SDK's executor thread only to call Mosaic's subscriber, which ignores those events. Mosaic evaluates
 * flags only on request threads, which are virtual; the SDK's own work (the first fetch, polling, metrics,
 * events of a fetch) is submitted from the main thread or the SDK's threads, which are platform threads, and
 * still runs on the SDK's executor. A task that throws on a request thread is caught here, as the executor
 * would have: the request goes on.
 */
final class UnleashTasks implements UnleashScheduledExecutor {

    private static final System.Logger LOG = System.getLogger(UnleashTasks.class.getName());

    private final UnleashScheduledExecutor delegate;

    UnleashTasks(UnleashScheduledExecutor delegate) {
        this.delegate = delegate;
    }

    /** Its own SDK executor: the SDK's default is a process-wide instance that one client's shutdown stops. */
    static UnleashTasks create() {
        return new UnleashTasks(new UnleashScheduledExecutorImpl());
    }

    @Override
    public void setInterval(Runnable command, long initialDelaySec, long periodSec) {
        delegate.setInterval(command, initialDelaySec, periodSec);
    }

    @Override
    public Future<Void> scheduleOnce(Runnable runnable) {
        if (!Thread.currentThread().isVirtual()) {
            return delegate.scheduleOnce(runnable);
        }
        try {
            runnable.run();
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Unleash event handler failed: " + e);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void shutdownNow() {
        delegate.shutdownNow();
    }
}
