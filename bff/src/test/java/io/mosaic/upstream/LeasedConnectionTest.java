package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each call reads the pooled socket through a reader of its own, against a real keep-alive socket server. */
class LeasedConnectionTest {

    private static final String BODY = "{\"texts\":{\"en\":\"Deployable\",\"de\":\"Bereitstellung\"}}";
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);

    private static HttpUpstream upstream(RawServer server) {
        return HttpUpstream.create(new UpstreamSettings("test", URI.create(server.uri()), Duration.ofSeconds(1),
                64 * 1024, 8, Duration.ofSeconds(30)));
    }

    private static FetchResult fetch(HttpUpstream upstream) {
        return upstream.fetch(new FetchRequest("/x/1", Map.of(), Deadline.after(Duration.ofSeconds(5))));
    }

    /** Answers every request on a connection until the client closes it, a few bytes per write. */
    private static void keepAliveInPieces(Socket socket, OutputStream out) throws IOException {
        socket.setTcpNoDelay(true);
        do {
            for (int from = 0; from < ANSWER.length; from += 7) {
                out.write(ANSWER, from, Math.min(7, ANSWER.length - from));
                out.flush();
            }
        } while (RawServer.readHead(socket.getInputStream()));
    }

    @Test
    void everyLeaseOfThePooledConnectionHasAFreshReader() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> keepAliveInPieces(socket, out));
             HttpUpstream upstream = upstream(server)) {
            assertInstanceOf(FetchResult.Ok.class, fetch(upstream));
            ConnectionPool.Lease first = upstream.pool.acquire();
            first.connection().releaseResource();
            ConnectionPool.Lease second = upstream.pool.acquire();
            try {
                assertTrue(second.reused());
                assertSame(first.connection().pooled(), second.connection().pooled(), "the same pooled connection");
                assertSame(first.connection().helidonSocket(), second.connection().helidonSocket());
                assertNotSame(first.connection().reader(), second.connection().reader(),
                        "a reader that outlives its call keeps every buffer read after it reachable");
                assertNotSame(second.connection().pooled().reader(), second.connection().reader());
            } finally {
                second.connection().releaseResource();
            }
            assertEquals(1, server.accepted.get());
        }
    }

    @Test
    void answersArrivingInPiecesAreReadWholeCallAfterCallOnOneConnection() throws Exception {
        try (RawServer server = new RawServer((socket, out, written) -> keepAliveInPieces(socket, out));
             HttpUpstream upstream = upstream(server)) {
            for (int i = 0; i < 10; i++) {
                FetchResult.Ok ok = assertInstanceOf(FetchResult.Ok.class, fetch(upstream));
                assertArrayEquals(BODY.getBytes(StandardCharsets.US_ASCII), ok.body());
            }
            assertEquals(1, server.accepted.get(), "kept alive from lease to lease");
            assertEquals(1, upstream.pool.idle());
        }
    }
}
