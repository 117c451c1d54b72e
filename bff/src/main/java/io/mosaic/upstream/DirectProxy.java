package io.mosaic.upstream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.mosaic.core.Deadline;
import io.mosaic.core.Reason;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The legacy path: calls the monolith and streams its answer to the client unchanged (status, body, content
 * type and caching headers), never buffering the body whole. Hop-by-hop and other connection-level headers are
 * dropped.
 */
public final class DirectProxy {

    /** Upstream response headers passed to the client. Anything else, hop-by-hop headers included, is dropped. */
    public static final List<HeaderName> PASSED_HEADERS = List.of(HeaderNames.CONTENT_TYPE, HeaderNames.CACHE_CONTROL,
            HeaderNames.ETAG, HeaderNames.LAST_MODIFIED, HeaderNames.EXPIRES, HeaderNames.VARY,
            HeaderNames.CONTENT_LANGUAGE, HeaderNames.create("Age"), HeaderNames.create("Content-Disposition"),
            HeaderNames.LOCATION);

    private static final Set<String> PASSED = Set.copyOf(PASSED_HEADERS.stream()
            .map(HeaderName::lowerCase).toList());

    /**
     * Where the answer goes: the HTTP adapter writes status and headers, then returns the body stream. The stream is
     * closed only after the whole body was written to it; an answer that broke off leaves it open.
     */
    @FunctionalInterface
    public interface Sink {
        OutputStream begin(int status, Map<String, List<String>> headers);
    }

    private final HttpUpstream monolith;
    private final Bulkhead bulkhead;

    /** @param bulkhead the monolith's bulkhead, shared with the composed path's base fetch */
    public DirectProxy(HttpUpstream monolith, Bulkhead bulkhead) {
        this.monolith = monolith;
        this.bulkhead = bulkhead;
    }

    /**
     * Forward one request.
     *
     * @return empty when the whole answer was streamed to the sink; otherwise why no answer could be had (nothing
     * was written to the sink then)
     * @throws BrokenOffException when the answer began but did not reach the sink whole, for whatever reason
     */
    public Optional<Reason> forward(String pathAndQuery, Map<String, String> headers, Deadline deadline, Sink sink) {
        if (!bulkhead.tryAcquirePermission()) {
            return Optional.of(Reason.BULKHEAD_FULL);
        }
        try {
            return call(pathAndQuery, headers, deadline, sink);
        } finally {
            bulkhead.onComplete();
        }
    }

    private Optional<Reason> call(String pathAndQuery, Map<String, String> headers, Deadline deadline, Sink sink) {
        Exchange exchange;
        try {
            exchange = monolith.get(pathAndQuery, headers, deadline);
        } catch (UncheckedIOException e) {
            return Optional.of(e.getCause() instanceof SocketTimeoutException ? Reason.TIMEOUT : Reason.ERROR);
        } catch (RuntimeException e) {
            return Optional.of(Reason.ERROR);
        }
        try (exchange) {
            HttpClientResponse response = exchange.response();
            Map<String, List<String>> passed = new LinkedHashMap<>();
            for (Header header : response.headers()) {
                if (PASSED.contains(header.headerName().lowerCase())) {
                    passed.put(header.name(), header.allValues());
                }
            }
            stream(exchange, sink.begin(response.status().code(), passed));
            return Optional.empty();
        }
    }

    /**
     * The whole body into {@code out} as it comes ({@link BodyReads#copy}), then {@code out} closed. When either
     * side fails, {@code out} stays open: closing it would hand what it holds to the client as if it were the whole
     * answer; and the exchange is abandoned, its connection closed. Helidon's client reports a malformed or short
     * body with its own runtime exceptions (a missing line end, a chunk size that is not a number, data that ended
     * before the declared length), not only with I/O exceptions; each is a break. A failed write to the client is
     * told apart from a failed read of the monolith, so that a client going away is not counted against the
     * monolith.
     */
    private static void stream(Exchange exchange, OutputStream out) {
        ClientSide client = new ClientSide(out);
        try {
            HttpClientResponse response = exchange.response();
            BodyReads.copy(response.inputStream(), client, response.headers().contentLength().orElse(-1));
            client.close();
        } catch (IOException | RuntimeException e) {
            exchange.abandon();
            throw new BrokenOffException(e, client.failed);
        }
    }

    /** The client's side of the copy, which remembers whether it was writing to the client that failed. */
    private static final class ClientSide extends FilterOutputStream {
        private boolean failed;

        ClientSide(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }
    }
}
