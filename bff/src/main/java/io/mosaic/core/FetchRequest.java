package io.mosaic.core;

import java.util.Map;

/**
 * @param pathAndQuery the already encoded path and query, relative to the upstream's base URI
 * @param headers      headers to send, by lower-case name (already filtered by the forwarding policy)
 * @param deadline     when the call must be over, its own timeout included
 */
public record FetchRequest(String pathAndQuery, Map<String, String> headers, Deadline deadline) {
}
