package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineStage;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Fetch;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive connections against a real socket server that counts the connections it accepts. */
class ConnectionPoolTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n"
            + "{\"a\":1}";

    private final AtomicLong now = new AtomicLong();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

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

    /** Answers every request on a connection with {@code head}, then, in a packet of its own, {@code body}. */
    private static RawServer.Script answering(String head, String body) {
        return (socket, out, written) -> {
            do {
                RawServer.write(out, head);
                Thread.sleep(5);
                RawServer.write(out, body);
            } while (RawServer.readHead(socket.getInputStream()));
        };
    }

    @Test
    void theConnectionOfAnAnswerThatIsNotUsedIsKept() throws Exception {
        String chunked = "Transfer-Encoding: chunked\r\n\r\n";
        String page = "<html>Service down</html>";
        Map<String, RawServer.Script> answers = Map.of(
                "404, chunked", answering("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n" + chunked,
                        "2\r\n{}\r\n0\r\n\r\n"),
                "503, chunked", answering("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n" + chunked,
                        Integer.toHexString(page.length()) + "\r\n" + page + "\r\n0\r\n\r\n"),
                "404, body after the head", answering("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 7\r\n\r\n", "{\"a\":1}"),
                "200 not JSON, body after the head", answering("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 7\r\n\r\n", "<html/>"));
        for (Map.Entry<String, RawServer.Script> answer : answers.entrySet()) {
            try (RawServer server = new RawServer(answer.getValue());
                 HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4))) {
                for (int i = 0; i < 5; i++) {
                    FetchResult result = fetch(upstream);
                    assertTrue(!(result instanceof FetchResult.Ok), answer.getKey() + ": " + result);
                }
                assertEquals(1, server.accepted.get(), answer.getKey() + ": one connection for every call");
                assertEquals(1, upstream.pool.idle(), answer.getKey());
            }
        }
    }

    @Test
    void anUnusedAnswerWithALargeBodyClosesItsConnectionUnread() throws Exception {
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: "
                + (HttpUpstream.DISCARD_LIMIT + 1) + "\r\n\r\n";
        try (RawServer server = new RawServer(answering(head, "x".repeat(HttpUpstream.DISCARD_LIMIT + 1)));
             HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(Reason.ERROR, assertInstanceOf(FetchResult.Failed.class, fetch(upstream)).reason());
            }
            assertEquals(3, server.accepted.get());
            assertEquals(0, upstream.pool.idle());
        }
    }

    @Test
    void anUnusedAnswerWhoseBodyHasNoVisibleEndIsNotWaitedFor() throws Exception {
        // no length and not chunked: the body would end only when the upstream closes; a 304 never has a body
        Map<String, Reason> answers = Map.of(
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\noops", Reason.ERROR,
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n", Reason.REDIRECT);
        for (Map.Entry<String, Reason> answer : answers.entrySet()) {
            try (RawServer server = new RawServer((socket, out, written) -> {
                     RawServer.write(out, answer.getKey());
                     RawServer.awaitClose(socket, new CountDownLatch(1));
                 });
                 HttpUpstream upstream = upstream(server, 8, Duration.ofSeconds(4));
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                // as Mosaic calls it: on a virtual thread, bounded by the deadline stage alone
                Fetch call = new DeadlineStage(new DeadlineTimer(timer)).apply(upstream);
                FetchResult result = threads.submit(() -> call.fetch(new FetchRequest("/x/1", Map.of(),
                        Deadline.after(Duration.ofSeconds(5))))).get(30, TimeUnit.SECONDS);
                assertEquals(answer.getValue(), assertInstanceOf(FetchResult.Failed.class, result).reason(),
                        "not waited for until the deadline");
            }
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
