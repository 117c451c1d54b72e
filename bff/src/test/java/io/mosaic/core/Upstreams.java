package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tiny lambda upstreams for pipeline tests: the answering one, the delayed one, the meeting one, the exploding one.
 */
final class Upstreams {

    private Upstreams() {
    }

    static Fetch answering(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return request -> new FetchResult.Ok(200, body);
    }

    static Fetch delayed(Duration delay, String json) {
        Fetch answer = answering(json);
        return request -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FetchResult.failed(Reason.ERROR, "interrupted");
            }
            return answer.fetch(request);
        };
    }

    /**
     * Answers only once every other call sharing {@code everyone} has started, so calls made one after another
     * never answer: the first waits for the rest until its deadline interrupts it (or 10 s pass).
     */
    static Fetch meeting(CountDownLatch everyone, String json) {
        Fetch answer = answering(json);
        return request -> {
            everyone.countDown();
            try {
                if (!everyone.await(10, TimeUnit.SECONDS)) {
                    return FetchResult.failed(Reason.ERROR, "the other calls never started");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FetchResult.failed(Reason.ERROR, "interrupted before the other calls started");
            }
            return answer.fetch(request);
        };
    }

    /** Fails the test if called. */
    static Fetch exploding() {
        return request -> {
            fail("this upstream must not be called, but was called with " + request.pathAndQuery());
            return null;
        };
    }

    static Fetch failing(Reason reason) {
        return request -> FetchResult.failed(reason, "test failure");
    }
}
