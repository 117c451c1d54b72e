package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers that are not HTTP the client can parse: each is a failure, and its connection is closed at once, neither
 * pooled nor left open until it is collected (the upstream would hold it in CLOSE_WAIT on our side meanwhile).
 */
class MalformedAnswerTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    private static HttpUpstream upstream(RawServer server) {
        return HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()), Duration.ofSeconds(1),
                64 * 1024, 8, Duration.ofSeconds(30)));
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONSENSE\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type application/json\r\nContent-Length: 2\r\n\r\n{}"})
    void fetchFailsAndClosesTheConnection(String malformed) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (RawServer server = answering(malformed, closed);
             HttpUpstream upstream = upstream(server)) {
            FetchResult result = upstream.fetch(new FetchRequest("/x/1", Map.of(), deadline()));
            assertEquals(Reason.ERROR, assertInstanceOf(FetchResult.Failed.class, result).reason());
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the connection was left open");
            assertEquals(0, upstream.pool.idle());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONSENSE\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type application/json\r\nContent-Length: 2\r\n\r\n{}"})
    void theRetryOnANewConnectionClosesItToo(String malformed) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong connections = new AtomicLong();
        // the first connection answers once and is then closed by the upstream while idle; the next one is malformed
        try (RawServer server = new RawServer((socket, out, written) -> {
                 if (connections.incrementAndGet() == 1) {
                     RawServer.write(out, OK);
                 } else {
                     RawServer.write(out, malformed);
                     RawServer.awaitClose(socket, closed);
                 }
             });
             HttpUpstream upstream = upstream(server)) {
            assertInstanceOf(FetchResult.Ok.class, upstream.fetch(new FetchRequest("/x/1", Map.of(), deadline())));
            FetchResult result = upstream.fetch(new FetchRequest("/x/1", Map.of(), deadline()));
            assertEquals(Reason.ERROR, assertInstanceOf(FetchResult.Failed.class, result).reason());
            assertEquals(2, server.accepted.get(), "the retry opened a new connection");
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the retry's connection was left open");
            assertEquals(0, upstream.pool.idle());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONSENSE\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type application/json\r\nContent-Length: 2\r\n\r\n{}"})
    void directProxyFailsWithoutAnAnswerAndClosesTheConnection(String malformed) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (RawServer server = answering(malformed, closed);
             HttpUpstream upstream = upstream(server)) {
            AtomicBoolean began = new AtomicBoolean();
            Optional<Reason> outcome = new DirectProxy(upstream, Bulkhead.ofDefaults("monolith"))
                    .forward("/x/1", Map.of(), deadline(), (status, headers) -> {
                        began.set(true);
                        return OutputStream.nullOutputStream();
                    });
            assertEquals(Optional.of(Reason.ERROR), outcome);
            assertTrue(!began.get(), "nothing of a malformed answer reaches the client");
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the connection was left open");
            assertEquals(0, upstream.pool.idle());
        }
    }

    /**
     * Bodies that break off after the head was read: a chunk that is longer than its size says (the client then
     * reads on and finds a {@code 0} line that looks like the end), a chunk size that is not a number, a body
     * shorter than its length that the upstream leaves open.
     */
    private static final String[] BROKEN_BODIES = {
            "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"id\":\"1\"}\r\n0\r\n\r\n",
            "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "Content-Length: 100\r\n\r\n{}"};

    private static RawServer brokenBody(String rest, CountDownLatch closed) throws java.io.IOException {
        return answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + rest, closed);
    }

    /** A server that writes {@code answer} on every connection and counts down {@code closed} when one is closed. */
    private static RawServer answering(String answer, CountDownLatch closed) throws java.io.IOException {
        return new RawServer((socket, out, written) -> {
            RawServer.write(out, answer);
            RawServer.awaitClose(socket, closed);
        });
    }

    @Test
    void fetchOfABodyThatBreaksOffClosesTheConnectionInsteadOfPoolingIt() throws Exception {
        for (String rest : BROKEN_BODIES) {
            CountDownLatch closed = new CountDownLatch(1);
            try (RawServer server = brokenBody(rest, closed); HttpUpstream upstream = upstream(server)) {
                FetchResult result = upstream.fetch(new FetchRequest("/x/1", Map.of(),
                        Deadline.after(Duration.ofSeconds(1))));
                assertInstanceOf(FetchResult.Failed.class, result, rest);
                assertEquals(0, upstream.pool.idle(), "pooled after a broken body: " + rest);
                assertTrue(closed.await(10, TimeUnit.SECONDS), "the connection was left open: " + rest);
            }
        }
    }

    @Test
    void directProxyOfABodyThatBreaksOffClosesTheConnectionInsteadOfPoolingIt() throws Exception {
        for (String rest : BROKEN_BODIES) {
            CountDownLatch closed = new CountDownLatch(1);
            try (RawServer server = brokenBody(rest, closed); HttpUpstream upstream = upstream(server)) {
                DirectProxy proxy = new DirectProxy(upstream, Bulkhead.ofDefaults("monolith"));
                // on a platform thread the read timeout ends the open-ended body
                assertThrows(BrokenOffException.class, () -> proxy.forward("/x/1", Map.of(),
                        Deadline.after(Duration.ofSeconds(1)), (status, headers) -> OutputStream.nullOutputStream()));
                assertEquals(0, upstream.pool.idle(), "pooled after a broken body: " + rest);
                assertTrue(closed.await(10, TimeUnit.SECONDS), "the connection was left open: " + rest);
            }
        }
    }
}
