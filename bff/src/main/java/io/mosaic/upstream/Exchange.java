package io.mosaic.upstream;

import io.helidon.webclient.api.HttpClientResponse;

/**
 * One answer being read: the response, whose status and headers are in, and the connection that carries its body.
 * Closing it returns the connection to the pool when the body was read to its end, and closes it otherwise.
 *
 * <p>A body that failed part way (it was malformed, shorter than declared, or cut by a deadline) must be
 * {@link #abandon() abandoned} before the exchange is closed. Closing the response alone is not enough: Helidon's
 * client then reads on past the failure, and when what follows looks like the end of the body (a {@code 0} line
 * after a chunk size that was not a number), it takes the body for read and pools the connection, with the rest of
 * a broken answer still on it.
 */
record Exchange(HttpClientResponse response, LeasedConnection connection) implements AutoCloseable {

    /** Close the connection now; it is not reused, whatever the response does when it is closed. */
    void abandon() {
        connection.discard();
    }

    @Override
    public void close() {
        response.close();
    }
}
