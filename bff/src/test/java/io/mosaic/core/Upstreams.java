package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Tiny lambda upstreams for pipeline tests: the answering one, the delayed one, the exploding one. */
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
