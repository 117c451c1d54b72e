package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Keep-alive connections against a real socket server that counts the connections it accepts. */
class ConnectionPoolTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n"
            + "{\"a\":1}";

    private final AtomicLong now = new AtomicLong();

    /** Answers every request on a connection until the client closes it. */
    private static void keepAlive(java.net.Socket socket, OutputStream out) throws IOException {
        do {
            RawServer.write(out, OK);
        } while (RawServer.readHead(socket.getInputStream()));
    }

    private HttpUpstream upstream(RawServer server, int maxIdle, Duration idleTimeout) {
        return HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()), Duration.ofSeconds(1),
                64 * 1024, maxIdle, idleTimeout), now::get);
    }

    private static FetchResult fetch(HttpUpstream upstream) {
        return upstream.fetch(new FetchRequest("/x/1", Map.of(), Deadline.after(Duration.ofSeconds(5))));
    }

    private static void assertOk(FetchResult result) {
        assertInstanceOf(FetchResult.Ok.class, result, String.valueOf(result));
    }

    @Test
    void sequentialCallsShareOneConnection() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> keepAlive(socket, out));
             HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4))) {
            for (int i = 0; i < 20; i++) {
                assertOk(fetch(upstream));
            }
            assertEquals(1, server.accepted.get());
            assertEquals(1, upstream.pool.idle());
        }
    }

    @Test
    void connectionTheUpstreamClosedWhileIdleIsRetriedOnceOnANewOne() throws Exception {
        // answers one request per connection, then closes it without saying so (a keep-alive timeout on its side)
        try (RawServer server = new RawServer((socket, out, written) -> RawServer.write(out, OK));
             HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4))) {
            for (int i = 0; i < 5; i++) {
                assertOk(fetch(upstream));
            }
            // the first call opened one; each later call found its pooled connection closed and opened another
            assertEquals(5, server.accepted.get());
        }
    }

    @Test
    void connectionIdleLongerThanTheTimeoutIsNotReused() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> keepAlive(socket, out));
             HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4))) {
            assertOk(fetch(upstream));
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertOk(fetch(upstream));
            assertEquals(1, server.accepted.get(), "idle 3 s, under the timeout");
            now.addAndGet(Duration.ofSeconds(5).toNanos());
            assertOk(fetch(upstream));
            assertEquals(2, server.accepted.get(), "idle 5 s, over the timeout");
            assertEquals(1, upstream.pool.idle());
        }
    }

    @Test
    void aFullPoolClosesWhatIsReturnedToIt() throws Exception {
        int calls = 6;
        CountDownLatch allArrived = new CountDownLatch(calls);
        try (RawServer server = new RawServer((socket, out, written) -> {
                 allArrived.countDown();
                 allArrived.await(10, TimeUnit.SECONDS);
                 keepAlive(socket, out);
             });
             HttpUpstream upstream = upstream(server, 2, Duration.ofSeconds(4));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FetchResult>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                results.add(threads.submit(() -> fetch(upstream)));
            }
            for (Future<FetchResult> result : results) {
                assertOk(result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(calls, server.accepted.get());
            assertEquals(2, upstream.pool.idle());
        }
    }

    @Test
    void aTimeoutOnAReusedConnectionIsNotRetried() throws Exception {
        AtomicLong requests = new AtomicLong();
        try (RawServer server = new RawServer((socket, out, written) -> {
                 do {
                     if (requests.incrementAndGet() == 1) {
                         RawServer.write(out, OK);
                     }
                 } while (RawServer.readHead(socket.getInputStream()));
             });
             HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4))) {
            assertOk(fetch(upstream));
            FetchResult second = upstream.fetch(new FetchRequest("/x/1", Map.of(),
                    Deadline.after(Duration.ofMillis(200))));
            assertEquals(Reason.TIMEOUT, assertInstanceOf(FetchResult.Failed.class, second).reason());
            assertEquals(1, server.accepted.get());
            assertEquals(0, upstream.pool.idle(), "a connection that timed out is closed, not pooled");
        }
    }
}
