package io.mosaic.core;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mosaic.enricher.TransformRequest;
import io.mosaic.enricher.Transformer;
import java.time.Duration;
import java.util.Optional;

/**
 * One enricher, ready to run: where to call, how to call it (its {@link Fetch} pipeline, resilience
 * included), how to transform the answer, and which field it owns.
 *
 * @param name      the enricher's name
 * @param path      the upstream path template; may use {@code {id}} and fields of the base entity
 * @param field     the one field it owns, as a JSON pointer
 * @param timeout   its own timeout, kept inside what is left of the request's deadline
 * @param required  whether the request fails when it fails
 * @param replaces  whether it may overwrite a field the base entity already has
 * @param fetch     the call pipeline
 * @param transformer turns the upstream answer into the field's value
 * @param fallback  what serves when the call fails
 */
public record Enricher(String name, UriTemplate path, JsonPointer field, Duration timeout, boolean required,
                       boolean replaces, Fetch fetch, Transformer transformer, Fallback fallback) {

    /** An enricher without fallback. */
    public Enricher(String name, UriTemplate path, JsonPointer field, Duration timeout, boolean required,
                    boolean replaces, Fetch fetch, Transformer transformer) {
        this(name, path, field, timeout, required, replaces, fetch, transformer, new Fallback.Omit());
    }

    /** Whether it must wait for the base entity: its template uses more than {@code {id}}. */
    public boolean needsBase() {
        return !path.usesOnly("id");
    }

    /**
     * Call the upstream and transform the answer.
     *
     * @param request the client request
     * @param base    the base entity, or a JSON null when started before it arrived
     */
    public EnrichmentOutcome run(EntityRequest request, JsonNode base) {
        String target;
        try {
            target = path.expand(variable -> variable.equals("id") ? request.id() : scalar(base, variable));
        } catch (UriTemplate.MissingVariableException e) {
            return missing(Reason.MISSING_PARAM, e.getMessage());
        }
        FetchRequest call = call(target, request);
        return outcome(fetch.fetch(call), call, request, base);
    }

    /**
     * The outcome, when this enricher needs only the id and its answer is at hand without waiting (a cache hit);
     * empty when the call has to be made, which {@link #run} then does. Lets the fan-out fork only what waits.
     */
    public Optional<EnrichmentOutcome> ready(EntityRequest request) {
        if (needsBase()) {
            return Optional.empty();
        }
        String target;
        try {
            target = path.expand(variable -> request.id());
        } catch (UriTemplate.MissingVariableException e) {
            return Optional.empty();
        }
        FetchRequest call = call(target, request);
        JsonNode noBase = NullNode.getInstance();
        return fetch.ready(call).map(result -> outcome(result, call, request, noBase));
    }

    private FetchRequest call(String target, EntityRequest request) {
        return new FetchRequest(target, request.headers(), request.deadline().within(timeout), request.log());
    }

    private EnrichmentOutcome outcome(FetchResult result, FetchRequest call, EntityRequest request, JsonNode base) {
        EnrichmentOutcome outcome = switch (result) {
            case FetchResult.Ok ok -> transform(ok.body(), request, base);
            case FetchResult.NotFound notFound -> missing(Reason.NOT_FOUND, "upstream answered 404");
            case FetchResult.Failed failed -> missing(failed.reason(), failed.detail());
        };
        return outcome instanceof EnrichmentOutcome.Missing missing ? recover(missing, call, request, base) : outcome;
    }

    /** Static and stale fallbacks serve here; the monolith fallback needs the request's legacy entity (Composer). */
    private EnrichmentOutcome recover(EnrichmentOutcome.Missing missing, FetchRequest call, EntityRequest request,
                                      JsonNode base) {
        Reason reason = missing.degradation().reason();
        if (reason == Reason.DISABLED || reason == Reason.MISSING_PARAM) {
            return missing;
        }
        return switch (fallback) {
            case Fallback.Static fixed -> new EnrichmentOutcome.Value(fixed.value(), served(reason));
            case Fallback.Stale stale -> {
                Optional<byte[]> kept = stale.lastGood().apply(call);
                if (kept.isPresent() && transform(kept.get(), request, base) instanceof EnrichmentOutcome.Value value) {
                    yield new EnrichmentOutcome.Value(value.value(), served(reason));
                }
                yield missing;
            }
            case Fallback.Omit omit -> missing;
            case Fallback.Monolith monolith -> missing;
        };
    }

    /** The degradation to report when {@link #fallback} served instead of the upstream. */
    public Degradation served(Reason reason) {
        return new Degradation(name, reason, Optional.of(fallback.token()));
    }

    private EnrichmentOutcome transform(byte[] body, EntityRequest request, JsonNode base) {
        try {
            JsonNode answer = Json.parse(body);
            JsonNode value = transformer.transform(answer, new TransformRequest(request.type(), request.id(), base,
                    request.headers()));
            return new EnrichmentOutcome.Value(value);
        } catch (IllegalArgumentException e) {
            return missing(Reason.BAD_RESPONSE, e.getMessage());
        } catch (RuntimeException e) {
            return missing(Reason.ERROR, "transformer failed: " + e);
        }
    }

    private EnrichmentOutcome missing(Reason reason, String detail) {
        return new EnrichmentOutcome.Missing(Degradation.of(name, reason), detail);
    }

    private static String scalar(JsonNode base, String variable) {
        JsonNode value = base.at(JsonPointer.compile("/" + variable.replace(".", "/")));
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
