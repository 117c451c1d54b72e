package io.mosaic.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.Reason;
import io.mosaic.observe.MosaicMetrics;
import io.mosaic.routing.RoutingDecision;
import io.mosaic.shadow.ShadowTrigger;
import io.mosaic.upstream.BrokenOffException;
import io.mosaic.upstream.DirectProxy;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy path as HTTP: the monolith enriches the entity itself, and its answer goes to the client unchanged,
 * streamed. The call is bounded by the whole request's deadline, not by the type's monolith timeout: with
 * {@code skipExternal=false} the monolith does the enrichers' work as well.
 *
 * <p>An answer that began but did not arrive whole (a reset, a body shorter than declared, broken chunking, the
 * deadline) is never completed as if it were the answer. While nothing of it has reached the client, which is the
 * usual case since Helidon holds back the first bytes of a streamed answer, it is taken back and replaced by a
 * {@code 502 monolith-unavailable} ({@code 504 monolith-timeout} for the deadline). Once bytes have gone out, the
 * caller must close the connection instead of completing the response: {@link Served#aborted()}.
 */
final class DirectPath {

    private static final System.Logger LOG = System.getLogger(DirectPath.class.getName());

    /**
     * What the client got.
     *
     * @param status  the status sent
     * @param aborted the answer broke off after part of it went out; the connection must be closed, not completed
     */
    record Served(int status, boolean aborted) {
    }

    private final DeadlineTimer timer;
    private final MosaicMetrics metrics;
    private final ShadowTrigger shadow;

    DirectPath(DeadlineTimer timer, MosaicMetrics metrics, ShadowTrigger shadow) {
        this.timer = timer;
        this.metrics = metrics;
        this.shadow = shadow;
    }

    /** With shadowing on, a whole 200 answer is copied on its way for the comparison, within the shadow's room. */
    Served serve(EntityRoute route, EntityRequest request, RoutingDecision decision, ServerResponse res) {
        try (ShadowCopy copy = decision.shadow() ? new ShadowCopy(shadow.room()) : null) {
            Served served = forward(route, request, copy, res);
            if (copy != null && served.status() == 200 && !served.aborted()) {
                Optional<byte[]> body = copy.bytes();
                copy.close();
                shadow.primaryServed(route.plan(), request, decision, body);
            }
            return served;
        }
    }

    private Served forward(EntityRoute route, EntityRequest request, ShadowCopy copy, ServerResponse res) {
        String path = route.plan().monolithPath(request.id(), false);
        Answer answer = new Answer(res, copy);
        boolean[] whole = {false};
        long start = System.nanoTime();
        Optional<Optional<Reason>> outcome;
        try {
            outcome = timer.call(request.deadline(), () -> {
                Optional<Reason> failed = route.direct().forward(path, request.headers(), request.deadline(), answer);
                whole[0] = failed.isEmpty();
                return failed;
            });
        } catch (BrokenOffException e) {
            if (e.clientGone()) {
                // the client went away: nothing is wrong with the monolith, and nobody is left to answer
                called(request, Reason.CANCELLED.token(), System.nanoTime() - start);
                return new Served(answer.status, true);
            }
            return brokeOff(request, answer, Reason.ERROR, e, start);
        }
        if (whole[0]) {
            called(request, statusOutcome(answer.status), System.nanoTime() - start);
            return new Served(answer.status, false);
        }
        if (answer.began) {
            // began, not whole, and nothing thrown: the deadline's interrupt ended the copy
            return brokeOff(request, answer, Reason.TIMEOUT, null, start);
        }
        called(request, outcome.flatMap(r -> r).map(Reason::token).orElse("timeout"), System.nanoTime() - start);
        res.header(EntityRoutes.PATH_DIRECT);
        return new Served(Problems.monolithFailed(res, outcome.orElse(Optional.of(Reason.TIMEOUT))
                .orElse(Reason.ERROR)), false);
    }

    private Served brokeOff(EntityRequest request, Answer answer, Reason reason, Throwable cause, long start) {
        called(request, reason.token(), System.nanoTime() - start);
        LOG.log(Level.DEBUG, () -> "direct answer of " + request.type() + " broke off ("
                + (cause == null ? "deadline" : cause.getMessage()) + ")");
        if (!answer.takeBack()) {
            return new Served(answer.status, true);
        }
        return new Served(Problems.monolithFailed(answer.res, reason), false);
    }

    /** Counts the direct path's monolith call and logs it for the access log's {@code slowestCallMs}. */
    private void called(EntityRequest request, String outcome, long nanos) {
        metrics.monolith(request.type(), outcome, nanos);
        request.log().add("monolith", nanos, outcome);
    }

    /** The monolith's own status on the direct path, as a call outcome. */
    private static String statusOutcome(int status) {
        if (status == 404) {
            return "not-found";
        }
        if (status >= 300 && status < 400) {
            return "redirect";
        }
        return status < 300 ? "ok" : "error";
    }

    /** The client response as the monolith's answer is written to it. Used on the request's own thread only. */
    private static final class Answer implements DirectProxy.Sink {
        private final ServerResponse res;
        private final ShadowCopy copy;
        private List<String> passed = List.of();
        private boolean began;
        private int status;

        Answer(ServerResponse res, ShadowCopy copy) {
            this.res = res;
            this.copy = copy;
        }

        @Override
        public OutputStream begin(int code, Map<String, List<String>> headers) {
            began = true;
            status = code;
            passed = List.copyOf(headers.keySet());
            res.status(Status.create(code));
            headers.forEach((name, values) -> res.header(name, values.toArray(String[]::new)));
            res.header(EntityRoutes.PATH_DIRECT);
            return copy == null || code != 200 ? res.outputStream() : copy.tee(res.outputStream());
        }

        /**
         * Take the answer back while none of it has reached the client, and drop the monolith's headers with it, so
         * that a problem can be sent in its place. Helidon can do that ({@link RoutingResponse#resetStream()}) until
         * the first bytes are written to the connection.
         *
         * @return false when bytes have gone out: the response can only be abandoned
         */
        boolean takeBack() {
            if (!(res instanceof RoutingResponse routing) || !routing.resetStream()) {
                return false;
            }
            passed.forEach(name -> res.headers().remove(HeaderNames.create(name)));
            return true;
        }
    }
}
