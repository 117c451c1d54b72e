import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.upstream.HttpUpstream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The floor of the composed path on Mosaic's stack: the same fan-out with nothing else. Per request it makes the
 * same three upstream calls as Mosaic's composed path (the monolith on the request's thread, the two enrichers on
 * virtual threads of their own), then answers the three bodies side by side in one JSON object, without parsing
 * them. No flags, no JSON trees, no merge, no resilience, no metrics, no access log, no validation.
 *
 * <p>What Mosaic's composed path costs beyond this is what Mosaic adds; what this costs is what Helidon's server,
 * its web client and virtual threads cost for one inbound and three outbound exchanges.
 *
 * <pre>
 *   java -cp 'bff/target/libs/*:bff/target/mosaic.jar' bench/floor/FanOutFloor.java \
 *       PORT MONOLITH-URI DESIGNS-URI TRANSLATIONS-URI [mosaic|client]
 * </pre>
 *
 * The last argument picks the upstream client: {@code mosaic} (default) is Mosaic's own {@link HttpUpstream}
 * (Helidon's HTTP/1.1 client on Mosaic's connection pool); {@code client} is Helidon's web client used as its
 * documented defaults have it (its own connection cache). Listens on 127.0.0.1 only.
 */
public final class FanOutFloor {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] OPEN = ascii("{\"base\":");
    private static final byte[] DESIGN = ascii(",\"visualDesign\":");
    private static final byte[] TRANSLATIONS = ascii(",\"translations\":");
    private static final byte[] CLOSE = ascii("}");

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: FanOutFloor PORT MONOLITH-URI DESIGNS-URI TRANSLATIONS-URI [mosaic|client]");
            System.exit(2);
        }
        String transport = args.length > 4 ? args[4] : "mosaic";
        Function<String, byte[]> monolith = upstream(transport, "monolith", args[1]);
        Function<String, byte[]> designs = upstream(transport, "designs", args[2]);
        Function<String, byte[]> translations = upstream(transport, "translations", args[3]);
        ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();

        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .routing(routing -> routing.get("/api/deployables/{id}", (ServerRequest req, ServerResponse res) -> {
                    String id = req.path().pathParameters().get("id");
                    Future<byte[]> design = fanOut.submit(() -> designs.apply("/designs/" + id));
                    Future<byte[]> texts = fanOut.submit(() -> translations.apply("/translations/deployables/" + id));
                    byte[] base = monolith.apply("/deployables/" + id + "?skipExternal=true");
                    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
                    out.writeBytes(OPEN);
                    out.writeBytes(base);
                    out.writeBytes(DESIGN);
                    out.writeBytes(design.get());
                    out.writeBytes(TRANSLATIONS);
                    out.writeBytes(texts.get());
                    out.writeBytes(CLOSE);
                    res.header(HeaderNames.CONTENT_TYPE, "application/json").send(out.toByteArray());
                }))
                .build()
                .start();
        System.out.println("FanOutFloor (" + transport + ") listening on http://127.0.0.1:" + server.port());
    }

    private static Function<String, byte[]> upstream(String transport, String name, String uri) {
        return switch (transport) {
            case "mosaic" -> {
                HttpUpstream upstream = HttpUpstream.create(new UpstreamSettings(name, URI.create(uri),
                        UpstreamSettings.DEFAULT_CONNECT_TIMEOUT, UpstreamSettings.DEFAULT_MAX_BODY_BYTES));
                yield path -> switch (upstream.fetch(new FetchRequest(path, Map.of(), Deadline.after(TIMEOUT)))) {
                    case FetchResult.Ok ok -> ok.body();
                    case FetchResult other -> throw new IllegalStateException(name + ": " + other);
                };
            }
            case "client" -> {
                Http1Client client = WebClient.builder().baseUri(uri).build().client(Http1Client.PROTOCOL);
                yield path -> {
                    try (HttpClientResponse response = client.get(path).skipUriEncoding(true).readTimeout(TIMEOUT).request()) {
                        if (response.status() != Status.OK_200) {
                            throw new IllegalStateException(name + ": status " + response.status());
                        }
                        return response.entity().as(byte[].class);
                    }
                };
            }
            default -> throw new IllegalArgumentException("transport is mosaic or client, not " + transport);
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
