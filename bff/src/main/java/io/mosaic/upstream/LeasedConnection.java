package io.mosaic.upstream;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.TcpClientConnection;
import java.time.Duration;

/**
 * A pooled connection as one call sees it: the pooled TCP connection, read through a reader of the call's own.
 *
 * <p>Why not the connection's reader: Helidon's {@link DataReader} (4.4 and 4.5) keeps what it has read in a linked
 * list and moves its head past a consumed buffer without unlinking it. A buffer in use at a young collection can be
 * promoted. Once it is old, every later buffer of that reader hangs off it, also after it is dead, so each young
 * collection promotes everything the connection read since the last one, until a full collection. Over keep-alive
 * connections that was about 0.65 MB per young collection at 20/30/40 ms, and a full collection every 5–8 s ("A reader
 * per upstream call" in BENCHMARKS.md). A reader per call holds one exchange.
 *
 * <p>The socket is the pooled connection's, and its own reader is never used. A call reads only its own answer, to
 * the end (an answer not read to the end closes the connection), so dropping the call's reader loses no bytes.
 */
final class LeasedConnection implements ClientConnection {

    private final TcpClientConnection connection;
    private final DataReader reader;
    private volatile boolean discarded;

    LeasedConnection(TcpClientConnection connection) {
        this.connection = connection;
        this.reader = DataReader.create(connection.helidonSocket());
    }

    /** The pooled connection under this lease. */
    TcpClientConnection pooled() {
        return connection;
    }

    @Override
    public DataReader reader() {
        return reader;
    }

    @Override
    public DataWriter writer() {
        return connection.writer();
    }

    @Override
    public String channelId() {
        return connection.channelId();
    }

    @Override
    public HelidonSocket helidonSocket() {
        return connection.helidonSocket();
    }

    @Override
    public void readTimeout(Duration readTimeout) {
        connection.readTimeout(readTimeout);
    }

    @Override
    public boolean allowExpectContinue() {
        return connection.allowExpectContinue();
    }

    @Override
    public void allowExpectContinue(boolean allowExpectContinue) {
        connection.allowExpectContinue(allowExpectContinue);
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    /**
     * Back to the pool when the answer was read to the end and the connection may be kept alive; closed instead once
     * it was {@linkplain #discard() discarded}.
     */
    @Override
    public void releaseResource() {
        if (discarded) {
            connection.closeResource();
        } else {
            connection.releaseResource();
        }
    }

    /** Close the connection, and never pool it: what is left on it is not a well-formed answer. */
    void discard() {
        discarded = true;
        connection.closeResource();
    }

    @Override
    public void closeResource() {
        connection.closeResource();
    }
}
