package io.mosaic.core;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One enrichment missing from, or replaced by a fallback in, a composed answer.
 *
 * @param enricher the enricher's name
 * @param reason   why its answer is missing
 * @param fallback the fallback that served instead, if any
 */
public record Degradation(String enricher, Reason reason, Optional<String> fallback) {

    public static Degradation of(String enricher, Reason reason) {
        return new Degradation(enricher, reason, Optional.empty());
    }

    /** As in the {@code Mosaic-Degraded} header: {@code visual-design;reason=timeout;fallback=static}. */
    public String headerItem() {
        return enricher + ";reason=" + reason.token() + fallback.map(f -> ";fallback=" + f).orElse("");
    }

    /** The {@code Mosaic-Degraded} header value for a list of degradations. */
    public static String header(List<Degradation> degradations) {
        return degradations.stream().map(Degradation::headerItem).collect(Collectors.joining(", "));
    }
}
