package io.mosaic.demo;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a mix of requests to a running Mosaic for a while: composed (alice), direct (bob), with and without
 * {@code Accept-Language}, and a few refused ones (bad id, unknown type). It trains Mosaic's AOT cache at image
 * build ({@code bff/aot-train.sh}), with the demo upstreams behind it.
 *
 * <p>{@code java -cp mosaic-demo.jar:libs/* io.mosaic.demo.Traffic <mosaic-url> <seconds> [<concurrency>]}: waits
 * up to 60 s for a first composed 200, then sends for {@code seconds}, prints the count per status and exits 1
 * when no composed 200 came back.
 */
public final class Traffic {

    private static final List<Call> CALLS = List.of(
            new Call("/api/deployables/%d", "alice", "de"),
            new Call("/api/deployables/%d", "alice", null),
            new Call("/api/deployables/%d", "bob", "de"),
            new Call("/api/deployables/%d", "alice", "fr"),
            new Call("/api/deployables/bad%%20id%d", "alice", null),
            new Call("/api/nothing/%d", "alice", null));

    private record Call(String path, String user, String language) {
    }

    private Traffic() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: Traffic <mosaic-url> <seconds> [<concurrency>]");
            System.exit(2);
        }
        WebClient client = WebClient.builder().baseUri(args[0]).followRedirects(false).build();
        Duration duration = Duration.ofSeconds(Long.parseLong(args[1]));
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        if (!awaitComposed(client, Duration.ofSeconds(60))) {
            System.err.println("Traffic: no composed 200 from " + args[0] + " within 60 s");
            System.exit(1);
        }
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong sequence = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long n = sequence.getAndIncrement();
                    Call call = CALLS.get((int) (n % CALLS.size()));
                    int status = send(client, call, 1 + (int) (n % 100));
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("Traffic: " + sequence.get() + " requests in " + duration.toSeconds() + " s, by status "
                + new TreeMap<>(statuses));
    }

    private static boolean awaitComposed(WebClient client, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (send(client, CALLS.getFirst(), 1) == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** @return the status, or -1 when there was no answer */
    private static int send(WebClient client, Call call, int id) {
        try {
            var request = client.get(String.format(call.path(), id))
                    .header(HeaderNames.create("X-User-Id"), call.user());
            if (call.language() != null) {
                request.header(HeaderNames.ACCEPT_LANGUAGE, call.language());
            }
            try (HttpClientResponse response = request.request()) {
                response.entity().consume();
                return response.status().code();
            }
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
