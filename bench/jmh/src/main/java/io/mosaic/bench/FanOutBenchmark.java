package io.mosaic.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The concurrency patterns one composed request pays for, on their own: handing the two enricher calls to
 * virtual threads and waiting for them (as {@code Composer} does), and arming and disarming one deadline
 * alarm per upstream call on a shared {@link ScheduledThreadPoolExecutor} with remove-on-cancel (as the
 * deadline stage does, three times per request). The work itself is empty, so the figures are the overhead.
 *
 * <p>Run: {@code java -jar bench/jmh/target/mosaic-jmh.jar FanOutBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class FanOutBenchmark {

    private ExecutorService virtualThreads;
    private ScheduledThreadPoolExecutor timer;

    @Setup(Level.Trial)
    public void setUp() {
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        virtualThreads.shutdownNow();
        timer.shutdownNow();
    }

    /** Two enricher calls on their own virtual threads, then waiting for both. */
    @Benchmark
    public int twoVirtualThreadHops() throws ExecutionException, InterruptedException {
        Future<Integer> a = virtualThreads.submit(() -> 1);
        Future<Integer> b = virtualThreads.submit(() -> 2);
        return a.get() + b.get();
    }

    /** As {@link #twoVirtualThreadHops()}, with two requests at once (the timer and scheduler are shared). */
    @Benchmark
    @Threads(2)
    public int twoVirtualThreadHopsContended() throws ExecutionException, InterruptedException {
        return twoVirtualThreadHops();
    }

    /** Three deadline alarms armed and cancelled, one per upstream call. */
    @Benchmark
    public int threeDeadlineAlarms() {
        int cancelled = 0;
        for (int i = 0; i < 3; i++) {
            ScheduledFuture<?> alarm = timer.schedule(FanOutBenchmark::neverRuns, 2, TimeUnit.SECONDS);
            cancelled += alarm.cancel(false) ? 1 : 0;
        }
        return cancelled;
    }

    /** As {@link #threeDeadlineAlarms()}, with two requests at once on the one shared timer queue. */
    @Benchmark
    @Threads(2)
    public int threeDeadlineAlarmsContended() {
        return threeDeadlineAlarms();
    }

    private static void neverRuns() {
        throw new AssertionError("the alarm is always cancelled first");
    }
}
