package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.CachingHeaders;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineStage;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad answers from real sockets: each degrades with a precise reason, never an exception or unbounded memory. */
class HttpUpstreamTest {

    private static final int LIMIT = 64 * 1024;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void shutdown() {
        timer.shutdownNow();
    }

    private Fetch upstream(RawServer server) {
        HttpUpstream http = HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()),
                Duration.ofSeconds(1), LIMIT));
        return new DeadlineStage(new DeadlineTimer(timer)).apply(http);
    }

    private static FetchResult.Failed failed(FetchResult result) {
        return assertInstanceOf(FetchResult.Failed.class, result, String.valueOf(result));
    }

    private static FetchRequest request(Duration deadline) {
        return new FetchRequest("/x/1", Map.of(), Deadline.after(deadline));
    }

    /** The answer to one call from an upstream that writes {@code response} as it is; it must be an {@code Ok}. */
    private FetchResult.Ok answered(String response) throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> RawServer.write(out, response))) {
            return assertInstanceOf(FetchResult.Ok.class, upstream(server).fetch(request(Duration.ofSeconds(5))));
        }
    }

    @Test
    void goodAnswerPassesWithWhatItSaysAboutCaching() throws Exception {
        FetchResult.Ok ok = answered("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: max-age=5\r\n"
                + "Age: 3\r\nVary: Accept-Language\r\nVary: Authorization\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
        assertEquals("{\"a\":1}", new String(ok.body()));
        assertEquals(new CachingHeaders("max-age=5", "3", "Accept-Language, Authorization"), ok.caching());
    }

    @Test
    void answerWithoutDeclaredLengthPasses() throws Exception {
        FetchResult.Ok ok = answered("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
        assertEquals("{\"a\":1}", new String(ok.body()));
    }

    @Test
    void bodyShorterThanDeclaredIsAFailureNotATruncatedAnswer() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
                    + "{\"a\":1}");
            socket.close();
        })) {
            failed(upstream(server).fetch(request(Duration.ofSeconds(5))));
        }
    }

    @Test
    void httpsUpstreamStillSpeaksTls() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Integer> firstByte = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    firstByte.complete(socket.getInputStream().read());
                } catch (IOException e) {
                    firstByte.completeExceptionally(e);
                }
            });
            try (HttpUpstream https = HttpUpstream.create(new UpstreamSettings("tls",
                    URI.create("https://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(1), LIMIT))) {
                failed(https.fetch(request(Duration.ofSeconds(5))));
            }
            assertEquals(0x16, firstByte.get(10, TimeUnit.SECONDS), "the first byte of a TLS handshake record");
        }
    }

    @Test
    void wrongContentTypeIsABadResponse() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> RawServer.write(out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>"))) {
            assertEquals(Reason.BAD_RESPONSE, failed(upstream(server).fetch(request(Duration.ofSeconds(5)))).reason());
        }
    }

    @Test
    void redirectIsNotFollowed() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> RawServer.write(out,
                "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n"))) {
            assertEquals(Reason.REDIRECT, failed(upstream(server).fetch(request(Duration.ofSeconds(5)))).reason());
        }
    }

    @Test
    void serverErrorIsAnError() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> RawServer.write(out,
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"))) {
            assertEquals(Reason.ERROR, failed(upstream(server).fetch(request(Duration.ofSeconds(5)))).reason());
        }
    }

    @Test
    void connectionResetIsAnError() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> {
            socket.setSoLinger(true, 0);
            socket.close();
        })) {
            assertEquals(Reason.ERROR, failed(upstream(server).fetch(request(Duration.ofSeconds(5)))).reason());
        }
    }

    @Test
    void bodyOverTheLimitIsABadResponseAndReadingStops() throws Exception {
        long total = 256L * 1024 * 1024;
        try (RawServer server = new RawServer((socket, out, written) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + total + "\r\n\r\n");
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            while (written.get() < total) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        })) {
            long start = System.nanoTime();
            FetchResult result = upstream(server).fetch(request(Duration.ofSeconds(20)));
            assertEquals(Reason.BAD_RESPONSE, failed(result).reason());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15);
            long sent = server.written.get();
            assertTrue(sent < 64L * 1024 * 1024, "the upstream got to write " + sent + " bytes; reading must stop at the limit");
        }
    }

    @Test
    void undeclaredBodyOverTheLimitIsABadResponseAndReadingStops() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            String size = Integer.toHexString(chunk.length) + "\r\n";
            while (written.get() < 256L * 1024 * 1024) {
                RawServer.write(out, size);
                out.write(chunk);
                RawServer.write(out, "\r\n");
                written.addAndGet(chunk.length);
            }
        })) {
            FetchResult result = upstream(server).fetch(request(Duration.ofSeconds(20)));
            assertEquals(Reason.BAD_RESPONSE, failed(result).reason());
            long sent = server.written.get();
            assertTrue(sent < 64L * 1024 * 1024, "the upstream got to write " + sent + " bytes; reading must stop at the limit");
        }
    }

    @Test
    void slowDripIsCutAtTheDeadline() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n[");
            for (int i = 0; i < 600; i++) {
                Thread.sleep(50);
                RawServer.write(out, "1,");
            }
        })) {
            // Requests run on virtual threads, whose blocking socket reads an interrupt ends.
            AtomicReference<FetchResult> result = new AtomicReference<>();
            long start = System.nanoTime();
            Thread caller = Thread.ofVirtual().start(() -> result.set(upstream(server).fetch(request(Duration.ofMillis(500)))));
            assertTrue(caller.join(Duration.ofSeconds(20)));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(Reason.TIMEOUT, failed(result.get()).reason());
            assertTrue(millis < 5000, "a drip must not outlive the deadline; took " + millis + " ms");
        }
    }

    @Test
    void aSilentUpstreamEndsAtTheDeadlineOnEitherKindOfThread() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) ->
                new CountDownLatch(1).await(30, TimeUnit.SECONDS))) {
            // A virtual thread reads without a socket timeout: the deadline stage's interrupt ends the call.
            AtomicReference<FetchResult> onVirtual = new AtomicReference<>();
            AtomicReference<Duration> virtualTimeout = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                virtualTimeout.set(HttpUpstream.readTimeout(Deadline.after(Duration.ofSeconds(5))));
                onVirtual.set(upstream(server).fetch(request(Duration.ofMillis(300))));
            });
            assertTrue(caller.join(Duration.ofSeconds(20)));
            assertEquals(Duration.ZERO, virtualTimeout.get());
            assertEquals(Reason.TIMEOUT, failed(onVirtual.get()).reason());
            // A platform thread, which an interrupt does not free from a socket read, keeps the read timeout.
            Duration platformTimeout = HttpUpstream.readTimeout(Deadline.after(Duration.ofSeconds(5)));
            assertTrue(platformTimeout.compareTo(Duration.ofSeconds(4)) > 0, String.valueOf(platformTimeout));
            try (HttpUpstream bare = HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()),
                    Duration.ofSeconds(1), LIMIT))) {
                long start = System.nanoTime();
                assertEquals(Reason.TIMEOUT, failed(bare.fetch(request(Duration.ofMillis(300)))).reason());
                assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
            }
        }
    }

    @Test
    void interruptedCallIsCancelledNotAnError() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        try (RawServer server = new RawServer((socket, out, written) -> {
            requested.countDown();
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
        })) {
            HttpUpstream http = HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()),
                    Duration.ofSeconds(1), LIMIT));
            AtomicReference<FetchResult> result = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> result.set(http.fetch(request(Duration.ofSeconds(30)))));
            assertTrue(requested.await(10, TimeUnit.SECONDS), "the request reached the upstream");
            caller.interrupt();
            assertTrue(caller.join(Duration.ofSeconds(10)));
            assertEquals(Reason.CANCELLED, failed(result.get()).reason());
        }
    }

    @Test
    void refusedConnectionIsAnError() {
        HttpUpstream http = HttpUpstream.create(new UpstreamSettings("test", URI.create("http://127.0.0.1:9"),
                Duration.ofSeconds(1), LIMIT));
        assertEquals(Reason.ERROR, failed(http.fetch(request(Duration.ofSeconds(5)))).reason());
    }
}
