package io.mosaic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One contract fixture, {@code enrichers/<folder>/contract/*.json}, read strictly: a misspelt or unknown key, a
 * missing {@code upstream} or {@code expected}, or a value of the wrong kind fails with the file and the key, so a
 * typo never turns into a check of something else.
 *
 * @param description  what the fixture shows; the assertion message
 * @param request      the client request; optional
 * @param base         the base entity; optional, {@code {"id": <request.id>}} when absent
 * @param upstreamPath the path the enricher must call; optional, not checked when absent
 * @param upstream     the example upstream answer
 * @param expected     the fragment expected in the merged entity
 */
record ContractFixture(String description, Request request, ObjectNode base, String upstreamPath,
                       JsonNode upstream, JsonNode expected) {

    /**
     * @param id      the entity id; {@code 1} when absent
     * @param headers forwarded request headers
     */
    record Request(String id, Map<String, String> headers) {

        Request {
            id = id == null ? "1" : id;
            Map<String, String> lowerCase = new TreeMap<>();
            if (headers != null) {
                headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
            }
            headers = Map.copyOf(lowerCase);
        }
    }

    private static final ObjectReader READER = Json.mapper().readerFor(ContractFixture.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    ContractFixture {
        request = request == null ? new Request(null, null) : request;
        base = base == null ? Json.mapper().createObjectNode().put("id", request.id()) : base;
    }

    /** @throws IllegalArgumentException naming the file and, where there is one, the key */
    static ContractFixture read(Path file) {
        ContractFixture fixture;
        try {
            fixture = READER.readValue(Files.readAllBytes(file));
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": " + key(e) + ": unknown key; known keys: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList(), e);
        } catch (JsonMappingException e) {
            String key = key(e);
            throw new IllegalArgumentException(file + ": " + (key.isEmpty() ? "" : key + ": ")
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fixture.upstream() == null) {
            throw new IllegalArgumentException(file + ": upstream: is required: the example upstream answer");
        }
        if (fixture.expected() == null) {
            throw new IllegalArgumentException(file + ": expected: is required: the fragment expected in the merged"
                    + " entity");
        }
        return fixture;
    }

    /** The key a mapping problem is at, such as {@code request.headers}. */
    private static String key(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
    }
}
