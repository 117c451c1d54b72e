package io.mosaic.upstream;

import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The keep-alive connections of one upstream, handed to each call explicitly
 * ({@code HttpClientRequest.connection(...)}), in place of the web client's own cache.
 *
 * <p>Why not the web client's cache: Helidon (4.4 and 4.5) watches every idle pooled connection with a virtual thread
 * that reads with a 100 ms timeout in a loop, stops it when the connection is taken and starts it when it is returned.
 * Three upstream calls per composed request pay that hand-over three times (an extra virtual-thread hop each, and the
 * first byte of every answer travels through the watcher), and the cache keeps every connection a burst ever opened.
 * This pool does no work while a connection is idle.
 *
 * <ul>
 *   <li>Last in, first out: under steady load the same few connections stay warm; the rest age out.</li>
 *   <li>A connection idle longer than {@code idleTimeout} is closed, when it would be taken or when the oldest
 *       one is looked at on return; keep it below the upstream's own keep-alive timeout.</li>
 *   <li>At most {@code maxIdle} idle connections; one returned to a full pool is closed.</li>
 *   <li>A connection the upstream closed while idle is only found out on its next use: {@link Lease#reused()}
 *       lets the caller retry such a call once on a new connection.</li>
 * </ul>
 */
final class ConnectionPool implements AutoCloseable {

    /** One connection taken from the pool, with a reader of its own; {@code reused} when it served a call before. */
    record Lease(LeasedConnection connection, boolean reused) {
    }

    private record Idle(TcpClientConnection connection, long since) {
    }

    private final WebClient client;
    private final ConnectionKey key;
    private final int maxIdle;
    private final long idleTimeoutNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    ConnectionPool(WebClient client, URI base, int maxIdle, Duration idleTimeout, LongSupplier nanoTime) {
        this.client = client;
        this.key = key(client.prototype(), base);
        this.maxIdle = maxIdle;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.nanoTime = nanoTime;
    }

    private static ConnectionKey key(WebClientConfig config, URI base) {
        ClientUri uri = ClientUri.create(base);
        return ConnectionKey.create(uri.scheme(), uri.host(), uri.port(), config.tls(), config.dnsResolver(),
                config.dnsAddressLookup(), config.proxy());
    }

    /** The newest idle connection that has not timed out, or a new one. */
    Lease acquire() {
        long now = nanoTime.getAsLong();
        for (Idle entry = take(); entry != null; entry = take()) {
            if (now - entry.since() <= idleTimeoutNanos && entry.connection().isConnected()) {
                return new Lease(new LeasedConnection(entry.connection()), true);
            }
            entry.connection().closeResource();
        }
        return new Lease(open(), false);
    }

    /** A new connection, never a pooled one: for the retry after a pooled one turned out to be closed. */
    LeasedConnection open() {
        return new LeasedConnection(
                TcpClientConnection.create(client, key, List.of(), this::giveBack, connection -> { }).connect());
    }

    /** Idle connections held now. */
    int idle() {
        return idleCount.get();
    }

    private Idle take() {
        Idle entry = idle.pollFirst();
        if (entry != null) {
            idleCount.decrementAndGet();
        }
        return entry;
    }

    /** Called by the web client when a call is done with the connection and it may be kept alive. */
    private boolean giveBack(TcpClientConnection connection) {
        if (closed || Thread.currentThread().isInterrupted() || !connection.isConnected()) {
            return false;
        }
        long now = nanoTime.getAsLong();
        evictOldest(now);
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            return false;
        }
        idle.offerFirst(new Idle(connection, now));
        if (closed) {
            drain();
        }
        return true;
    }

    private void evictOldest(long now) {
        Idle oldest = idle.peekLast();
        if (oldest != null && now - oldest.since() > idleTimeoutNanos && idle.removeLastOccurrence(oldest)) {
            idleCount.decrementAndGet();
            oldest.connection().closeResource();
        }
    }

    private void drain() {
        for (Idle entry = take(); entry != null; entry = take()) {
            entry.connection().closeResource();
        }
    }

    /** Closes the idle connections; connections in use are closed when their call returns them. */
    @Override
    public void close() {
        closed = true;
        drain();
    }
}
