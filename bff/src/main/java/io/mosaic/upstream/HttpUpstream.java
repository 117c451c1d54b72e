package io.mosaic.upstream;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.tls.Tls;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.CachingHeaders;
import io.mosaic.core.Deadline;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The one HTTP client of one upstream: its base URI, its timeouts, its body limit, and the one place that
 * turns its answers into typed {@link FetchResult}s. Redirects are never followed.
 */
public final class HttpUpstream implements Fetch, AutoCloseable {

    private final Http1Client client;
    final ConnectionPool pool;
    private final int maxBodyBytes;
    /** The forwarded headers' names: the allow-list's and the correlation headers. */
    private final HeaderNameTable headerNames = new HeaderNameTable();

    private HttpUpstream(Http1Client client, ConnectionPool pool, int maxBodyBytes) {
        this.client = client;
        this.pool = pool;
        this.maxBodyBytes = maxBodyBytes;
    }

    public static HttpUpstream create(UpstreamSettings settings) {
        return create(settings, System::nanoTime);
    }

    /** @param nanoTime the pool's clock for idle timeouts */
    static HttpUpstream create(UpstreamSettings settings, LongSupplier nanoTime) {
        WebClientConfig.Builder builder = WebClient.builder()
                .baseUri(settings.uri())
                .connectTimeout(settings.connectTimeout())
                .followRedirects(false)
                .shareConnectionCache(false)
                // a GET is written once, whole: a write buffer would only cost a 4 KB scratch array per call
                .writeBufferSize(0)
                .proxy(proxy());
        if (!"https".equalsIgnoreCase(settings.uri().getScheme())) {
            // without it, the client builds the default TLS context (trust store and all) for a plain-HTTP upstream
            builder.tls(Tls.builder().enabled(false).build());
        }
        WebClient client = builder.build();
        ConnectionPool pool = new ConnectionPool(client, settings.uri(), settings.maxIdleConnections(),
                settings.idleTimeout(), nanoTime);
        // HTTP/1.1 directly: the generic client would look up the protocol for the endpoint on every call
        return new HttpUpstream(client.client(Http1Client.PROTOCOL), pool, settings.maxBodyBytes());
    }

    /**
     * The JVM's proxy settings when there are any; otherwise none. Both route the same, but the system proxy is
     * asked for every call, parsing a URI each time.
     */
    private static Proxy proxy() {
        boolean configured = Boolean.getBoolean("java.net.useSystemProxies")
                || Stream.of("http.proxyHost", "https.proxyHost", "socksProxyHost")
                        .anyMatch(property -> System.getProperty(property) != null);
        return configured ? Proxy.create() : Proxy.noProxy();
    }

    /**
     * Past the deadline the deadline stage interrupts the call; on a platform thread the read timeout is the
     * backstop.
     */
    private static final Duration READ_TIMEOUT_SLACK = Duration.ofMillis(50);

    /**
     * Send a GET on a pooled connection and read the status and headers. On a virtual thread the caller bounds the
     * call with a {@link io.mosaic.core.DeadlineTimer} (the deadline stage, or the direct path's timer), whose
     * interrupt closes the socket; on a platform thread, which an interrupt does not free, each read waits for at
     * most what is left of {@code deadline} (plus a little slack). When a reused connection turns out to
     * have been closed by the upstream while it was idle, the call is made once more on a new connection (GET is
     * idempotent); a timeout or an interrupt is never retried.
     *
     * <p>A connection whose exchange failed in any way is closed here. Helidon's client returns it neither to the
     * pool nor to the operating system when the answer is not HTTP it can parse: a status line that is not one
     * ({@code IllegalStateException}), a header line without a colon ({@code IllegalArgumentException}). Left to
     * the collector, such a socket would linger half-closed for as long as the heap stays quiet.
     *
     * @throws UncheckedIOException when the connection or the exchange fails
     * @throws RuntimeException when the answer is not readable HTTP
     */
    Exchange get(String pathAndQuery, Map<String, String> headers, Deadline deadline) {
        return send(pathAndQuery, headers, deadline, null);
    }

    private Exchange send(String pathAndQuery, Map<String, String> headers, Deadline deadline, Header accept) {
        Duration readTimeout = readTimeout(deadline);
        ConnectionPool.Lease lease = pool.acquire();
        try {
            return request(lease.connection(), pathAndQuery, headers, readTimeout, accept);
        } catch (UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            // a reset, or the end of the stream before any answer
            if (!lease.reused() || e.getCause() instanceof SocketTimeoutException
                    || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return request(pool.open(), pathAndQuery, headers, readTimeout, accept);
        }
    }

    /** One exchange on {@code connection}; the connection is closed when it fails in any way. */
    private Exchange request(LeasedConnection connection, String pathAndQuery, Map<String, String> headers,
                             Duration readTimeout, Header accept) {
        try {
            return new Exchange(call(connection, pathAndQuery, headers, readTimeout, accept).request(), connection);
        } catch (RuntimeException e) {
            connection.closeResource();
            throw e;
        }
    }

    /**
     * None on a virtual thread (zero: the socket's reads wait without a timeout). A timed read parks the virtual
     * thread through the JDK's shared delay scheduler, whose own thread files and cancels a timer for every such
     * read: with the timed wait for each enrichment, about 33 µs of CPU per composed request, an eighth of Mosaic's
     * ("Timed waits on virtual threads" in BENCHMARKS.md).
     */
    static Duration readTimeout(Deadline deadline) {
        return Thread.currentThread().isVirtual() ? Duration.ZERO : deadline.remaining().plus(READ_TIMEOUT_SLACK);
    }

    private Http1ClientRequest call(ClientConnection connection, String pathAndQuery, Map<String, String> headers,
                                    Duration readTimeout, Header accept) {
        Http1ClientRequest call = client.get(pathAndQuery)
                .connection(connection)
                .skipUriEncoding(true)
                .readTimeout(readTimeout);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            call.header(HeaderValues.create(headerNames.of(header.getKey()), header.getValue()));
        }
        if (accept != null) {
            call.header(accept);
        }
        return call;
    }

    @Override
    public FetchResult fetch(FetchRequest request) {
        try (Exchange exchange = send(request.pathAndQuery(), request.headers(), request.deadline(),
                HeaderValues.ACCEPT_JSON)) {
            HttpClientResponse response = exchange.response();
            int status = response.status().code();
            if (status == 404) {
                return discardBody(exchange, new FetchResult.NotFound());
            }
            if (status >= 300 && status < 400) {
                return discardBody(exchange,
                        FetchResult.failed(Reason.REDIRECT, "status " + status + " (redirects are not followed)"));
            }
            if (status < 200 || status >= 300) {
                return discardBody(exchange, FetchResult.failed(Reason.ERROR, "status " + status));
            }
            Optional<HttpMediaType> type = response.headers().contentType();
            if (type.isEmpty() || !isJson(type.get().mediaType())) {
                return discardBody(exchange, FetchResult.failed(Reason.BAD_RESPONSE, "content type is "
                        + type.map(HttpMediaType::text).orElse("missing") + ", not JSON"));
            }
            long declared = response.headers().contentLength().orElse(-1);
            if (declared > maxBodyBytes) {
                return FetchResult.failed(Reason.BAD_RESPONSE, "declared body of " + declared + " bytes is over "
                        + maxBodyBytes);
            }
            byte[] body;
            try {
                body = declared >= 0 ? BodyReads.declared(response.inputStream(), (int) declared)
                        : BodyReads.atMost(response.inputStream(), maxBodyBytes);
            } catch (RuntimeException e) {
                exchange.abandon();
                throw e;
            }
            if (body == null) {
                return FetchResult.failed(Reason.BAD_RESPONSE, "body over " + maxBodyBytes + " bytes");
            }
            List<String> vary = response.headers().all(HeaderNames.VARY, List::of);
            return new FetchResult.Ok(status, body, new CachingHeaders(
                    response.headers().first(HeaderNames.CACHE_CONTROL).orElse(null),
                    response.headers().first(HeaderNames.AGE).orElse(null),
                    vary.isEmpty() ? null : String.join(", ", vary)));
        } catch (UncheckedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return FetchResult.failed(Reason.CANCELLED, "interrupted");
            }
            return e.getCause() instanceof SocketTimeoutException
                    ? FetchResult.failed(Reason.TIMEOUT, "read timed out")
                    : FetchResult.failed(Reason.ERROR, String.valueOf(e.getCause()));
        } catch (RuntimeException e) {
            return FetchResult.failed(Thread.currentThread().isInterrupted() ? Reason.CANCELLED : Reason.ERROR,
                    e.toString());
        }
    }

    /**
     * {@code outcome}, once the body of an answer that is not used (a 404, an error, a redirect, not JSON) has been
     * read to its end and dropped, so that its connection is kept. Helidon's client keeps the connection of a body
     * left unread only when all of it already arrived with the head and its length was declared: a chunked error
     * page, or one whose body came in a packet of its own, closed the connection, and an upstream answering every
     * call with such a 404 or 503 cost a new connection per call, and a socket in {@code TIME_WAIT} for each.
     *
     * <p>Only a body whose end can be seen is read: one of a declared length up to {@link #DISCARD_LIMIT} (and
     * {@code max-body-bytes}), or a chunked one, read up to that limit. A longer one, one that ends only when the
     * upstream closes the connection, and the answers that never have a body (1xx, 204, 304), are left to the client,
     * which closes the connection unless nothing is left to read.
     */
    private FetchResult discardBody(Exchange exchange, FetchResult outcome) {
        HttpClientResponse response = exchange.response();
        int status = response.status().code();
        if (status < 200 || status == 204 || status == 304) {
            return outcome;
        }
        int limit = Math.min(DISCARD_LIMIT, maxBodyBytes);
        long declared = response.headers().contentLength().orElse(-1);
        boolean chunked = response.headers().first(HeaderNames.TRANSFER_ENCODING)
                .map(coding -> coding.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        if (declared == 0 || declared > limit || declared < 0 && !chunked) {
            return outcome;
        }
        try {
            if (BodyReads.atMost(response.inputStream(), limit) == null) {
                exchange.abandon();
            }
        } catch (RuntimeException e) {
            exchange.abandon();
        }
        return outcome;
    }

    /** The most of an unused answer's body that is read to keep its connection. */
    static final int DISCARD_LIMIT = 16 * 1024;

    /** Closes the idle connections. */
    @Override
    public void close() {
        pool.close();
    }

    static boolean isJson(MediaType type) {
        String subtype = type.subtype();
        return "application".equals(type.type()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }
}
