package io.mosaic.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.event.ToggleEvaluated;
import io.getunleash.event.UnleashSubscriber;
import io.getunleash.util.UnleashConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flag-evaluation events stay on the request's virtual thread; the SDK's own work stays on its executor. */
class UnleashTasksTest {

    private static final String FEATURES = """
            {"version":2,"features":[{"name":"mosaic.composed","enabled":true,"strategies":[{"name":"default"}]}]}
            """;

    @TempDir
    Path dir;

    private final UnleashTasks tasks = UnleashTasks.create();

    @AfterEach
    void stop() {
        tasks.shutdownNow();
    }

    @Test
    void taskFromVirtualThreadRunsOnThatThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Future<Void>> future = new AtomicReference<>();
        Thread caller = Thread.ofVirtual()
                .start(() -> future.set(tasks.scheduleOnce(() -> ranOn.set(Thread.currentThread()))));
        caller.join(10_000);
        assertEquals(caller, ranOn.get());
        assertTrue(future.get().isDone());
    }

    @Test
    void taskFromPlatformThreadRunsOnTheExecutor() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        tasks.scheduleOnce(() -> ranOn.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
        assertNotEquals(Thread.currentThread(), ranOn.get());
        assertFalse(ranOn.get().isVirtual());
    }

    @Test
    void failingTaskOnVirtualThreadDoesNotReachTheCaller() throws Exception {
        AtomicReference<Future<Void>> future = new AtomicReference<>();
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                future.set(tasks.scheduleOnce(() -> {
                    throw new IllegalStateException("subscriber broke");
                }));
            } catch (Throwable t) {
                escaped.set(t);
            }
        });
        caller.join(10_000);
        assertEquals(null, escaped.get());
        ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get().get());
        assertEquals("subscriber broke", failure.getCause().getMessage());
    }

    @Test
    void realClientDeliversEvaluationEventsOnTheEvaluatingThread() throws Exception {
        BlockingQueue<Thread> evaluatedOn = new LinkedBlockingQueue<>();
        UnleashSubscriber subscriber = new UnleashSubscriber() {
            @Override
            public void toggleEvaluated(ToggleEvaluated event) {
                evaluatedOn.add(Thread.currentThread());
            }
        };
        Unleash unleash = new DefaultUnleash(UnleashConfig.builder()
                .appName("mosaic-test")
                .instanceId("test-1")
                .unleashAPI("http://127.0.0.1:9/api")
                .disablePolling()
                .disableMetrics()
                .toggleBootstrapProvider(() -> Optional.of(FEATURES))
                .backupFile(dir.resolve("backup.json").toString())
                .scheduledExecutor(tasks)
                .subscriber(subscriber)
                .build());
        try {
            UnleashContext context = UnleashContext.builder().userId("alice").build();
            AtomicReference<Boolean> enabled = new AtomicReference<>();
            Thread request = Thread.ofVirtual()
                    .start(() -> enabled.set(unleash.isEnabled("mosaic.composed", context, false)));
            request.join(10_000);
            assertEquals(Boolean.TRUE, enabled.get());
            assertEquals(request, evaluatedOn.poll(10, TimeUnit.SECONDS));

            assertTrue(unleash.isEnabled("mosaic.composed", context, false));
            Thread sdkThread = evaluatedOn.poll(10, TimeUnit.SECONDS);
            assertNotEquals(Thread.currentThread(), sdkThread);
            assertFalse(sdkThread.isVirtual());
        } finally {
            unleash.shutdown();
        }
    }
}
