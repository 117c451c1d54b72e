package io.mosaic.shadow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.core.Json;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The top mismatching paths per entity type, each with its count and an example request id, for ops.
 * Bounded: past {@code maxPaths} distinct paths per type, further ones count as {@code (other)}.
 */
public final class MismatchReport {

    public static final String OTHER = "(other)";

    private final int maxPaths;
    private final Map<String, Map<String, Entry>> byType = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong[]> totals = new ConcurrentHashMap<>();

    private static final class Entry {
        final AtomicLong count = new AtomicLong();
        volatile String exampleRequestId;
    }

    public MismatchReport(int maxPaths) {
        this.maxPaths = maxPaths;
    }

    /**
     * Count one comparison.
     *
     * @return the label to use for {@code path}: itself, or {@link #OTHER} once too many paths are tracked
     */
    public String mismatch(String type, String path, String requestId) {
        Map<String, Entry> paths = byType.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
        String label = paths.containsKey(path) || paths.size() < maxPaths ? path : OTHER;
        Entry entry = paths.computeIfAbsent(label, p -> new Entry());
        entry.count.incrementAndGet();
        entry.exampleRequestId = requestId;
        return label;
    }

    /** Count a comparison's result: index 0 matches, 1 mismatches. */
    public void result(String type, boolean matched) {
        totals.computeIfAbsent(type, t -> new AtomicLong[] {new AtomicLong(), new AtomicLong()})[matched ? 0 : 1]
                .incrementAndGet();
    }

    /** The report as JSON: per type, the comparisons and the top {@code limit} paths by count. */
    public ObjectNode toJson(int limit) {
        ObjectNode root = Json.mapper().createObjectNode();
        totals.forEach((type, counts) -> {
            ObjectNode node = root.putObject(type);
            node.put("matches", counts[0].get()).put("mismatches", counts[1].get());
            ArrayNode top = node.putArray("topPaths");
            byType.getOrDefault(type, Map.of()).entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().count.get()).reversed())
                    .limit(limit)
                    .forEach(e -> top.addObject().put("path", e.getKey()).put("count", e.getValue().count.get())
                            .put("exampleRequestId", e.getValue().exampleRequestId));
        });
        return root;
    }
}
