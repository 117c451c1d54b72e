package io.mosaic.upstream;

/**
 * A direct answer that began but did not arrive whole: the monolith's body ended early, was not valid HTTP framing
 * (a chunk size that is not one, a missing line end), or could not be read or passed on to the end. What was passed
 * on is a fragment; the caller must not complete it as if it were the answer.
 */
public final class BrokenOffException extends RuntimeException {

    private final boolean clientGone;

    BrokenOffException(Throwable cause, boolean clientGone) {
        super(String.valueOf(cause), cause);
        this.clientGone = clientGone;
    }

    /** Writing to the client failed, not reading the monolith: the client went away. */
    public boolean clientGone() {
        return clientGone;
    }
}
