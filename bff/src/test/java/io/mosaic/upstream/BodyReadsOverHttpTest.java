package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyReads} behind Helidon's real client, on real sockets: answers larger than one read, sent in pieces of
 * odd sizes, chunked and of declared length, reach the composed path and the direct path whole and unchanged.
 */
class BodyReadsOverHttpTest {

    /** A JSON array of about {@code size} bytes, so that the composed path accepts it. */
    private static byte[] json(int size) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; text.length() < size; i++) {
            text.append(i == 0 ? "" : ",").append('"').append("item-").append(i).append('"');
        }
        return text.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code body} as chunks of 1, 700, 9,000, 300, 17,000 bytes and so on, each flushed on its own. */
    private static RawServer chunked(byte[] body) throws IOException {
        return new RawServer((socket, out, written) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            int[] sizes = {1, 700, 9_000, 300, 17_000};
            for (int at = 0, i = 0; at < body.length; i++) {
                int n = Math.min(sizes[i % sizes.length], body.length - at);
                RawServer.write(out, Integer.toHexString(n) + "\r\n");
                out.write(body, at, n);
                RawServer.write(out, "\r\n");
                out.flush();
                at += n;
            }
            RawServer.write(out, "0\r\n\r\n");
        });
    }

    /** Writes {@code body} with its length declared, in pieces of 5,000 bytes, each flushed on its own. */
    private static RawServer declared(byte[] body) throws IOException {
        return new RawServer((socket, out, written) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n");
            for (int at = 0; at < body.length; at += 5_000) {
                out.write(body, at, Math.min(5_000, body.length - at));
                out.flush();
            }
        });
    }

    private static HttpUpstream upstream(RawServer server) {
        return HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()), Duration.ofSeconds(5),
                1 << 20));
    }

    /** What one test checks of one answer, fetched through {@code http}. */
    @FunctionalInterface
    private interface Check {
        void run(byte[] body, HttpUpstream http) throws Exception;
    }

    /** A way of sending an answer. */
    @FunctionalInterface
    private interface Sending {
        RawServer serve(byte[] body) throws IOException;
    }

    /** Runs {@code check} for answers of 3, 40 and 150 KB, each sent chunked and with its length declared. */
    private static void forEachAnswer(Check check) throws Exception {
        for (int size : new int[] {3_000, 40_000, 150_000}) {
            byte[] body = json(size);
            for (Sending sending : new Sending[] {BodyReadsOverHttpTest::chunked, BodyReadsOverHttpTest::declared}) {
                try (RawServer server = sending.serve(body); HttpUpstream http = upstream(server)) {
                    check.run(body, http);
                }
            }
        }
    }

    @Test
    void theComposedPathGetsEveryByte() throws Exception {
        forEachAnswer((body, http) -> {
            FetchResult result = http.fetch(new FetchRequest("/x/1", Map.of(), Deadline.after(Duration.ofSeconds(10))));
            assertArrayEquals(body, assertInstanceOf(FetchResult.Ok.class, result, String.valueOf(result)).body(),
                    body.length + " bytes");
        });
    }

    @Test
    void theDirectPathPassesEveryByteOn() throws Exception {
        forEachAnswer((body, http) -> {
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            Optional<?> failure = new DirectProxy(http, Bulkhead.ofDefaults("test")).forward("/x/1", Map.of(),
                    Deadline.after(Duration.ofSeconds(10)), (status, headers) -> {
                        assertEquals(200, status);
                        return client;
                    });
            assertTrue(failure.isEmpty(), String.valueOf(failure));
            assertArrayEquals(body, client.toByteArray(), body.length + " bytes");
        });
    }
}
