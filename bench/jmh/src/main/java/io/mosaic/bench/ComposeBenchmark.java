package io.mosaic.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.core.Json;
import io.mosaic.enricher.TransformRequest;
import io.mosaic.enricher.Transformer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JSON work of one composed request: parse each upstream answer with {@link Json#parse}, keep the
 * requested language with the translations enricher's transformer, set both fields on the base as
 * {@code Composer} does, and serialise with {@link Json#write}. The {@code splice*} variants are prototypes of
 * cheaper merges, for comparison only.
 *
 * <p>Bodies ({@code bodies}): {@code demo} is what the demo upstreams serve for deployable 42 (base 1.0 KB,
 * visual design 0.6 KB, translations 1.3 KB); {@code sized} grows the same documents to the sizes of the real
 * services (1.5 KB, 1.0 KB, 2.4 KB) by repeating steps, badges and languages.
 *
 * <p>Run: {@code java -jar bench/jmh/target/mosaic-jmh.jar ComposeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ComposeBenchmark {

    private static final SerializableString VISUAL_DESIGN = new SerializedString("visualDesign");
    private static final SerializableString TRANSLATIONS = new SerializedString("translations");

    @Param({"demo", "sized"})
    public String bodies;

    private byte[] base;
    private byte[] design;
    private byte[] translations;
    private Transformer languageFilter;
    private TransformRequest request;
    private ObjectNode composed;

    @Setup
    public void setUp() {
        base = Fixtures.bytes("deployable-42.json");
        design = Fixtures.bytes("design-42.json");
        translations = Fixtures.bytes("translations-42.json");
        if (bodies.equals("sized")) {
            base = Fixtures.grown(base, "/steps", 1536);
            design = Fixtures.grown(design, "/badges", 1024);
            translations = Fixtures.grown(translations, "/texts", 2458);
        }
        languageFilter = Fixtures.translationsTransformer();
        request = Fixtures.request("42", "de");
        composed = compose();
        try {
            // The prototypes must answer the same document as today's merge.
            if (!Json.parse(spliceValidatedDesign()).equals(composed)
                    || !Json.parse(spliceUncheckedDesign()).equals(composed)) {
                throw new IllegalStateException("a splice prototype answers a different document");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parse the three upstream answers into trees. */
    @Benchmark
    public void parseAnswers(Blackhole bh) {
        bh.consume(Json.parse(base));
        bh.consume(Json.parse(design));
        bh.consume(Json.parse(translations));
    }

    /** Parse, transform and merge: the tree Mosaic answers with. */
    @Benchmark
    public ObjectNode merge() {
        return compose();
    }

    /** Serialise the merged tree, as the HTTP adapter does. */
    @Benchmark
    public byte[] write() {
        return Json.write(composed);
    }

    /** Everything above: the JSON cost of one composed request today. */
    @Benchmark
    public byte[] mergeAndWrite() {
        return Json.write(compose());
    }

    /**
     * Prototype: the visual design is merged as it is, so it is only checked (a streaming pass, no tree) and
     * its bytes are copied into the output; the base is parsed (its field names must be known for the
     * ownership check) and the translations are transformed as today.
     */
    @Benchmark
    public byte[] spliceValidatedDesign() throws IOException {
        ObjectNode tree = (ObjectNode) Json.parse(base);
        validate(design);
        JsonNode texts = languageFilter.transform(Json.parse(translations), request);
        return writeSpliced(tree, design, texts);
    }

    /** Prototype: as {@link #spliceValidatedDesign()}, trusting the design answer without the streaming check. */
    @Benchmark
    public byte[] spliceUncheckedDesign() throws IOException {
        ObjectNode tree = (ObjectNode) Json.parse(base);
        JsonNode texts = languageFilter.transform(Json.parse(translations), request);
        return writeSpliced(tree, design, texts);
    }

    private ObjectNode compose() {
        ObjectNode tree = (ObjectNode) Json.parse(base);
        JsonNode visual = Json.parse(design);
        JsonNode texts = languageFilter.transform(Json.parse(translations), request);
        // Composer.merge: a field the base does not have yet is set; the base's own fields come first.
        if (tree.get("visualDesign") == null) {
            tree.set("visualDesign", visual);
        }
        if (tree.get("translations") == null) {
            tree.set("translations", texts);
        }
        return tree;
    }

    /** Reads a document to its end without building anything; throws when it is not well-formed JSON. */
    private static void validate(byte[] body) throws IOException {
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing tokens");
            }
        }
    }

    private static byte[] writeSpliced(ObjectNode tree, byte[] rawDesign, JsonNode texts) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(Json.mapper().getFactory()._getBufferRecycler(),
                tree.size() * 64 + rawDesign.length + 1024);
        try (JsonGenerator generator = Json.mapper().getFactory().createGenerator(out)) {
            generator.writeStartObject();
            for (var field : tree.properties()) {
                generator.writeFieldName(field.getKey());
                Json.mapper().writeTree(generator, field.getValue());
            }
            generator.writeFieldName(VISUAL_DESIGN);
            generator.writeRawValue(new RawJson(rawDesign));
            generator.writeFieldName(TRANSLATIONS);
            Json.mapper().writeTree(generator, texts);
            generator.writeEndObject();
        }
        return out.toByteArray();
    }
}
