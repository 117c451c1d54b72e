package io.mosaic.core;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The upstream calls of one request, in the order they ended: for {@code Server-Timing} and the access log.
 * Written concurrently by the fan-out; read once the request is done.
 */
public final class CallLog {

    /** A log that records nothing, for calls made outside a client request. */
    public static final CallLog NONE = new CallLog(false);

    /**
     * One call.
     *
     * @param name    {@code base} or the enricher's name
     * @param nanos   how long it took
     * @param outcome {@code ok}, {@code cache-hit}, or a {@link Reason} token
     */
    public record Call(String name, long nanos, String outcome) {
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final boolean recording;

    private CallLog(boolean recording) {
        this.recording = recording;
    }

    public static CallLog create() {
        return new CallLog(true);
    }

    public void add(String name, long nanos, String outcome) {
        if (recording) {
            calls.add(new Call(name, nanos, outcome));
        }
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The longest call so far, in nanoseconds; 0 when there was none. */
    public long slowestNanos() {
        long slowest = 0;
        for (Call call : calls) {
            slowest = Math.max(slowest, call.nanos());
        }
        return slowest;
    }
}
