package io.mosaic.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Enforces {@link FetchRequest#deadline()} as a total deadline: when it passes, the calling (virtual) thread
 * is interrupted, which closes the socket it is blocked on, and the call ends as {@link Reason#TIMEOUT}.
 * A socket read timeout alone would let a slow drip run forever.
 *
 * <p>The call runs on the caller's thread; a shared timer only fires the interrupt, so there is no thread
 * hand-off per call.
 */
public final class DeadlineStage implements FetchStage {

    private final ScheduledExecutorService timer;

    public DeadlineStage(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public Fetch apply(Fetch next) {
        return request -> {
            long remaining = request.deadline().remainingNanos();
            if (remaining <= 0) {
                return FetchResult.failed(Reason.TIMEOUT, "deadline passed before the call started");
            }
            Watch watch = new Watch(Thread.currentThread());
            ScheduledFuture<?> alarm = timer.schedule(watch::expire, remaining, TimeUnit.NANOSECONDS);
            FetchResult result;
            try {
                result = next.fetch(request);
            } catch (RuntimeException e) {
                if (watch.finish()) {
                    throw e;
                }
                result = null;
            } finally {
                alarm.cancel(false);
            }
            if (result != null && watch.finish()) {
                return result;
            }
            return FetchResult.failed(Reason.TIMEOUT, "deadline passed during the call");
        };
    }

    /** Decides, once, whether the call finished or the deadline fired first. */
    private static final class Watch {
        private final ReentrantLock lock = new ReentrantLock();
        private final Thread thread;
        private boolean expired;
        private boolean finished;

        Watch(Thread thread) {
            this.thread = thread;
        }

        void expire() {
            lock.lock();
            try {
                if (!finished && !expired) {
                    expired = true;
                    thread.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        /** @return true when the call finished in time; false when the deadline fired (interrupt cleared) */
        boolean finish() {
            lock.lock();
            try {
                if (!expired) {
                    finished = true;
                    return true;
                }
            } finally {
                lock.unlock();
            }
            Thread.interrupted();
            return false;
        }
    }
}
