package io.mosaic;

import io.getunleash.FakeUnleash;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.mosaic.routing.UnleashFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Mosaic server on 127.0.0.1 for integration tests: enricher folders, config keys and flags in, HTTP out. */
final class TestMosaic implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final MosaicServer server;

    private TestMosaic(MosaicServer server) {
        this.server = server;
    }

    /** @param enrichers an empty folder for the enricher folders */
    static Builder builder(Path enrichers) {
        return new Builder(enrichers);
    }

    static final class Builder {
        private final Path enrichers;
        private final Map<String, String> config = new HashMap<>();
        private FakeUnleash flags;

        private Builder(Path enrichers) {
            this.enrichers = enrichers;
            config.put("server.host", "127.0.0.1");
            config.put("server.port", "0");
            config.put("mosaic.enrichers-directory", enrichers.toString());
        }

        /** Write {@code enrichers/<folder>/enricher.yaml}. */
        Builder enricher(String folder, String yaml) {
            try {
                Files.createDirectories(enrichers.resolve(folder));
                Files.writeString(enrichers.resolve(folder).resolve("enricher.yaml"), yaml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Builder upstream(String name, String uri) {
            return set("mosaic.upstreams." + name + ".uri", uri);
        }

        Builder set(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** The flags; by default every flag is on, so every request is composed. */
        Builder flags(FakeUnleash flags) {
            this.flags = flags;
            return this;
        }

        TestMosaic start() {
            FakeUnleash unleash = flags;
            if (unleash == null) {
                unleash = new FakeUnleash();
                unleash.enableAll();
            }
            return new TestMosaic(MosaicServer.start(Config.just(ConfigSources.create(config)), UnleashFlags.of(unleash)));
        }
    }

    MosaicServer server() {
        return server;
    }

    /** Waits, at most 10 s, until a request is in flight in Mosaic's handlers. */
    void awaitInFlight() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.lifecycle().inFlight() < 1) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("no request reached Mosaic within 10 s");
            }
            Thread.sleep(10);
        }
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(15));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** The sum of a metric's series that carry every given label, from {@code /observe/metrics}. */
    double metric(String name, String... labels) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get("/observe/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") && List.of(labels).stream().allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        server.stop();
    }
}
