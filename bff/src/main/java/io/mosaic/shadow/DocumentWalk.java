package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One walk over a primary and a shadow document under a set of rules, reporting each mismatch to a sink in
 * document order (depth first; the primary's members and elements first, then those only the shadow has).
 * The walk keeps its own stack instead of recursing, so the nesting depth of the documents is bounded by memory
 * only, not by the thread's stack.
 */
final class DocumentWalk {

    /** A position to compare; a {@code null} side is absent there. */
    private record Step(PathTrail trail, JsonNode primary, JsonNode shadow) {
    }

    private final ComparisonRules rules;
    private final MismatchSink sink;
    private final Deque<Step> pending = new ArrayDeque<>();

    private DocumentWalk(ComparisonRules rules, MismatchSink sink) {
        this.rules = rules;
        this.sink = sink;
    }

    /** Walk both documents, until the end or until the sink asks to stop. */
    static void run(JsonNode primary, JsonNode shadow, ComparisonRules rules, MismatchSink sink) {
        DocumentWalk walk = new DocumentWalk(rules, sink);
        walk.pending.push(new Step(PathTrail.ROOT, primary, shadow));
        walk.drain();
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            if (!rules.ignores(step.trail()) && !visit(step)) {
                return;
            }
        }
    }

    /** @return whether to go on */
    private boolean visit(Step step) {
        JsonNode primary = step.primary();
        JsonNode shadow = step.shadow();
        if (primary == null) {
            return report(step, MismatchKind.MISSING_IN_PRIMARY);
        }
        if (shadow == null) {
            return report(step, MismatchKind.MISSING_IN_SHADOW);
        }
        if (primary.getNodeType() != shadow.getNodeType()) {
            return report(step, MismatchKind.TYPE_DIFFERS);
        }
        return switch (primary.getNodeType()) {
            case OBJECT -> {
                schedule(members(step));
                yield true;
            }
            case ARRAY -> array(step);
            case NUMBER -> NumericEquality.equal(primary, shadow, rules.numericTolerance())
                    || report(step, MismatchKind.VALUE_DIFFERS);
            default -> primary.equals(shadow) || report(step, MismatchKind.VALUE_DIFFERS);
        };
    }

    private static List<Step> members(Step step) {
        JsonNode primary = step.primary();
        JsonNode shadow = step.shadow();
        List<Step> members = new ArrayList<>(Math.max(primary.size(), shadow.size()));
        for (Map.Entry<String, JsonNode> member : primary.properties()) {
            members.add(new Step(step.trail().field(member.getKey()), member.getValue(), shadow.get(member.getKey())));
        }
        for (Map.Entry<String, JsonNode> member : shadow.properties()) {
            if (!primary.has(member.getKey())) {
                members.add(new Step(step.trail().field(member.getKey()), null, member.getValue()));
            }
        }
        return members;
    }

    private boolean array(Step step) {
        Optional<String> keyField = rules.arrayKey(step.trail());
        if (keyField.isPresent()) {
            Optional<Map<String, JsonNode>> primary = KeyedElements.index(step.primary(), keyField.get());
            Optional<Map<String, JsonNode>> shadow = KeyedElements.index(step.shadow(), keyField.get());
            if (primary.isPresent() && shadow.isPresent()) {
                schedule(keyedElements(step.trail(), keyField.get(), primary.get(), shadow.get()));
                return true;
            }
        }
        return inOrder(step);
    }

    private static List<Step> keyedElements(PathTrail trail, String keyField,
                                            Map<String, JsonNode> primary, Map<String, JsonNode> shadow) {
        List<Step> elements = new ArrayList<>(Math.max(primary.size(), shadow.size()));
        primary.forEach((key, element) -> elements.add(new Step(trail.keyed(keyField, key), element, shadow.get(key))));
        shadow.forEach((key, element) -> {
            if (!primary.containsKey(key)) {
                elements.add(new Step(trail.keyed(keyField, key), null, element));
            }
        });
        return elements;
    }

    private boolean inOrder(Step step) {
        JsonNode primary = step.primary();
        JsonNode shadow = step.shadow();
        if (primary.size() != shadow.size() && !report(step, MismatchKind.LENGTH_DIFFERS)) {
            return false;
        }
        int common = Math.min(primary.size(), shadow.size());
        List<Step> elements = new ArrayList<>(common);
        for (int i = 0; i < common; i++) {
            elements.add(new Step(step.trail().index(i), primary.get(i), shadow.get(i)));
        }
        schedule(elements);
        return true;
    }

    /** Push in reverse, so that the first child is visited next. */
    private void schedule(List<Step> children) {
        for (int i = children.size() - 1; i >= 0; i--) {
            pending.push(children.get(i));
        }
    }

    private boolean report(Step step, MismatchKind kind) {
        return sink.offer(new Mismatch(step.trail().pointer(), step.trail().normalised(), kind,
                orAbsent(step.primary()), orAbsent(step.shadow())));
    }

    private static JsonNode orAbsent(JsonNode value) {
        return value == null ? MissingNode.getInstance() : value;
    }
}
