package io.mosaic.core;

import java.util.Map;

/**
 * @param pathAndQuery the already encoded path and query, relative to the upstream's base URI
 * @param headers      headers to send, by lower-case name (already filtered by the forwarding policy)
 * @param deadline     when the call must be over, its own timeout included
 * @param log          where the call is recorded for {@code Server-Timing} and the access log
 */
public record FetchRequest(String pathAndQuery, Map<String, String> headers, Deadline deadline, CallLog log) {

    /** A request whose call is not recorded. */
    public FetchRequest(String pathAndQuery, Map<String, String> headers, Deadline deadline) {
        this(pathAndQuery, headers, deadline, CallLog.NONE);
    }
}
