package io.mosaic.core;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs blocking work on the calling (virtual) thread and interrupts it when a {@link Deadline} passes, which
 * closes any socket it is blocked on. A shared timer only fires the interrupt: there is no thread hand-off.
 *
 * <p>Only a virtual thread's blocking socket I/O ends on interrupt; Mosaic runs every request and every
 * fan-out call on virtual threads, and so must callers of this class.
 */
public final class DeadlineTimer {

    private final ScheduledExecutorService timer;

    public DeadlineTimer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * @return the work's result, or empty when the deadline passed first (before or during the work); the
     * thread's interrupt flag is cleared either way
     * @throws RuntimeException whatever the work threw, if it finished before the deadline
     */
    public <T> Optional<T> call(Deadline deadline, Supplier<T> work) {
        long remaining = deadline.remainingNanos();
        if (remaining <= 0) {
            return Optional.empty();
        }
        Watch watch = new Watch(Thread.currentThread());
        ScheduledFuture<?> alarm = timer.schedule(watch::expire, remaining, TimeUnit.NANOSECONDS);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            if (watch.finish()) {
                throw e;
            }
            return Optional.empty();
        } finally {
            alarm.cancel(false);
        }
        return watch.finish() ? Optional.ofNullable(result) : Optional.empty();
    }

    /** Decides, once, whether the work finished or the deadline fired first. */
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

        /** @return true when the work finished in time; false when the deadline fired (interrupt cleared) */
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
