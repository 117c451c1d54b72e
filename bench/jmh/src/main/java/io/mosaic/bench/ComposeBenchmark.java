package io.mosaic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.core.Json;
import io.mosaic.enricher.TransformRequest;
import io.mosaic.enricher.Transformer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * The JSON work of one composed request, as {@code Composer} and {@code Enricher} do it: read the base's members with
 * {@link Json#members}, check the visual design (an enricher without transformer) with {@link Json#spliced}, keep the
 * requested language with the translations enricher's transformer, set both fields on the base, and serialise with
 * {@link Json#write}. For comparison, the {@code *TreeBase} variants parse the base into a tree, as Mosaic did before
 * it merged the base's members as they came, and the {@code *TreeDesign} variants parse the visual design into a tree
 * too, as Mosaic did before it spliced answers used as they are.
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
        composed = merge();
        // Every way must answer the same document.
        JsonNode answer = Json.parse(mergeAndWrite());
        if (!answer.equals(Json.parse(mergeAndWriteTreeBase())) || !answer.equals(Json.parse(mergeAndWriteTreeDesign()))) {
            throw new IllegalStateException("the spliced and the parsed documents differ");
        }
    }

    /** Parse the three upstream answers into trees. */
    @Benchmark
    public void parseAnswers(Blackhole bh) {
        bh.consume(Json.parse(base));
        bh.consume(Json.parse(design));
        bh.consume(Json.parse(translations));
    }

    /** Read, check, transform and merge: the document Mosaic answers with. */
    @Benchmark
    public ObjectNode merge() {
        return compose(Json::members, Json::spliced);
    }

    /** As {@link #merge()}, with the base parsed into a tree. */
    @Benchmark
    public ObjectNode mergeTreeBase() {
        return compose(Json::parse, Json::spliced);
    }

    /** As {@link #merge()}, with the base and the visual design parsed into trees. */
    @Benchmark
    public ObjectNode mergeTreeDesign() {
        return compose(Json::parse, Json::parse);
    }

    /** Serialise the merged document, as the HTTP adapter does. */
    @Benchmark
    public byte[] write() {
        return Json.write(composed);
    }

    /** Everything above: the JSON cost of one composed request. */
    @Benchmark
    public byte[] mergeAndWrite() {
        return Json.write(merge());
    }

    /** As {@link #mergeAndWrite()}, with the base parsed into a tree and written from it. */
    @Benchmark
    public byte[] mergeAndWriteTreeBase() {
        return Json.write(mergeTreeBase());
    }

    /** As {@link #mergeAndWrite()}, with the base and the visual design parsed into trees and written from them. */
    @Benchmark
    public byte[] mergeAndWriteTreeDesign() {
        return Json.write(mergeTreeDesign());
    }

    private ObjectNode compose(Function<byte[], JsonNode> readBase, Function<byte[], JsonNode> readDesign) {
        ObjectNode tree = (ObjectNode) readBase.apply(base);
        JsonNode visual = readDesign.apply(design);
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
}
