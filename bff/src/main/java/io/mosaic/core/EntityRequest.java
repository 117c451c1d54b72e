package io.mosaic.core;

import java.util.Map;
import java.util.Optional;

/**
 * One client read of one entity, after validation.
 *
 * @param type     the entity type, e.g. {@code deployables}
 * @param id       the validated id
 * @param headers  the headers to forward upstream, by lower-case name
 * @param userId   the user, from the trusted user header, if present
 * @param deadline the whole request's deadline
 * @param log      where its upstream calls are recorded
 */
public record EntityRequest(String type, String id, Map<String, String> headers, Optional<String> userId,
                            Deadline deadline, CallLog log) {

    public EntityRequest {
        headers = Map.copyOf(headers);
    }

    /** A request whose calls are not recorded. */
    public EntityRequest(String type, String id, Map<String, String> headers, Optional<String> userId,
                         Deadline deadline) {
        this(type, id, headers, userId, deadline, CallLog.NONE);
    }
}
