package io.mosaic.upstream;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one HTTP client of one upstream: its base URI, its timeouts, its body limit, and the one place that
 * turns its answers into typed {@link FetchResult}s. Redirects are never followed.
 */
public final class HttpUpstream implements Fetch {

    private final WebClient client;
    private final int maxBodyBytes;

    private HttpUpstream(WebClient client, int maxBodyBytes) {
        this.client = client;
        this.maxBodyBytes = maxBodyBytes;
    }

    public static HttpUpstream create(UpstreamSettings settings) {
        WebClient client = WebClient.builder()
                .baseUri(settings.uri())
                .connectTimeout(settings.connectTimeout())
                .followRedirects(false)
                .shareConnectionCache(false)
                .connectionCacheSize(settings.maxIdleConnections())
                .build();
        return new HttpUpstream(client, settings.maxBodyBytes());
    }

    /** The underlying client, for calls that stream rather than fetch (the direct path). */
    public WebClient client() {
        return client;
    }

    @Override
    public FetchResult fetch(FetchRequest request) {
        HttpClientRequest call = client.get(request.pathAndQuery())
                .skipUriEncoding(true)
                .readTimeout(request.deadline().remaining().plus(Duration.ofMillis(50)));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            call.header(HeaderNames.create(header.getKey()), header.getValue());
        }
        call.header(HeaderNames.ACCEPT, "application/json");
        try (HttpClientResponse response = call.request()) {
            int status = response.status().code();
            if (status == 404) {
                return new FetchResult.NotFound();
            }
            if (status >= 300 && status < 400) {
                return FetchResult.failed(Reason.REDIRECT, "status " + status + " (redirects are not followed)");
            }
            if (status < 200 || status >= 300) {
                return FetchResult.failed(Reason.ERROR, "status " + status);
            }
            Optional<HttpMediaType> type = response.headers().contentType();
            if (type.isEmpty() || !isJson(type.get().mediaType())) {
                return FetchResult.failed(Reason.BAD_RESPONSE, "content type is "
                        + type.map(HttpMediaType::text).orElse("missing") + ", not JSON");
            }
            long declared = response.headers().contentLength().orElse(-1);
            if (declared > maxBodyBytes) {
                return FetchResult.failed(Reason.BAD_RESPONSE, "declared body of " + declared + " bytes is over "
                        + maxBodyBytes);
            }
            byte[] body = readAtMost(response.inputStream(), declared >= 0 ? (int) declared : maxBodyBytes);
            if (body == null) {
                return FetchResult.failed(Reason.BAD_RESPONSE, "body over " + maxBodyBytes + " bytes");
            }
            return new FetchResult.Ok(status, body,
                    response.headers().first(HeaderNames.CACHE_CONTROL).orElse(null));
        } catch (UncheckedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return FetchResult.failed(Reason.CANCELLED, "interrupted");
            }
            return e.getCause() instanceof SocketTimeoutException
                    ? FetchResult.failed(Reason.TIMEOUT, "read timed out")
                    : FetchResult.failed(Reason.ERROR, String.valueOf(e.getCause()));
        } catch (RuntimeException e) {
            return FetchResult.failed(Thread.currentThread().isInterrupted() ? Reason.CANCELLED : Reason.ERROR,
                    e.toString());
        }
    }

    static boolean isJson(MediaType type) {
        String subtype = type.subtype();
        return "application".equals(type.type()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }

    /**
     * @param limit the declared length, or the body limit when no length was declared
     * @return the whole body, or null when it is longer than {@code limit}; reading stops at the limit
     */
    static byte[] readAtMost(InputStream in, int limit) {
        try (in) {
            byte[] body = in.readNBytes(limit + 1);
            return body.length > limit ? null : body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
