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
 * <p>The transformer is team code, and its failure is the enricher's alone, whether it runs on a fan-out thread
 * (a call) or on the request's thread (a cache hit): an {@link IllegalArgumentException} degrades the field
 * with {@code reason=bad-response}; anything else it throws, {@link StackOverflowError}, {@link LinkageError}
 * (a class that failed to load or initialise) and other errors included, with {@code reason=error}, logged
 * with the enricher's name, at most once a minute per enricher ({@link TransformerFailures}). Only a {@link VirtualMachineError} other than a stack overflow, such as
 * {@link OutOfMemoryError}, is left to fail the request: the JVM itself is then in trouble, not the enricher.
 * A stack overflow is not: it unwinds the transformer's own frames and leaves the thread usable.
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

    private static final TransformerFailures FAILURES = new TransformerFailures(System::nanoTime);

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
     *
     * <p>The transformer then runs here, on the request's thread: a fork would cost more than most transforms,
     * and could not stop a CPU-bound one anyway. A transform that finishes past the enricher's deadline is
     * dropped and the field degraded with {@code reason=timeout}, as a call would be.
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
        Optional<FetchResult> hit = fetch.ready(call);
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        EnrichmentOutcome outcome = outcome(hit.get(), call, request, NullNode.getInstance());
        if (outcome instanceof EnrichmentOutcome.Value && call.deadline().passed()) {
            return Optional.of(missing(Reason.TIMEOUT, "cache hit transformed past the deadline"));
        }
        return Optional.of(outcome);
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
                if (reason == Reason.NOT_FOUND) {
                    // the upstream's own answer that there is nothing: an earlier answer would bring back what is gone
                    yield missing;
                }
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
        if (transformer == Transformer.IDENTITY) {
            // used as it is: checked and spliced into the answer, never built into a tree
            try {
                return new EnrichmentOutcome.Value(Json.spliced(body));
            } catch (IllegalArgumentException e) {
                return missing(Reason.BAD_RESPONSE, e.getMessage());
            }
        }
        try {
            JsonNode answer = Json.parse(body);
            JsonNode value = transformer.transform(answer, new TransformRequest(request.type(), request.id(), base,
                    request.headers()));
            return new EnrichmentOutcome.Value(value);
        } catch (IllegalArgumentException e) {
            return missing(Reason.BAD_RESPONSE, e.getMessage());
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e;
            }
            return failed(e);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    /** A transformer that threw: the field is degraded and the failure logged, with the enricher's name. */
    private EnrichmentOutcome failed(Throwable e) {
        FAILURES.failed(name, e);
        return missing(Reason.ERROR, "transformer failed: " + e);
    }

    private EnrichmentOutcome missing(Reason reason, String detail) {
        return new EnrichmentOutcome.Missing(Degradation.of(name, reason), detail);
    }

    private static String scalar(JsonNode base, String variable) {
        JsonNode value = base.at(JsonPointer.compile("/" + variable.replace(".", "/")));
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
