package io.mosaic.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A key given twice in one YAML mapping: Helidon keeps the last one without a word, so each is a problem.
 * The file is only composed (parsed into nodes), never turned into objects; a file that is not YAML is left to
 * the config loader to report.
 */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /** Record each key that appears twice in one mapping of {@code file}, with its path. */
    static void report(Path file, ConfigProblems problems) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (IOException | YAMLException e) {
            return;
        }
        if (root != null) {
            walk(root, "", file.toString(), problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    private static void walk(Node node, String path, String file, ConfigProblems problems, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> lines = new HashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode key) || key.getTag().equals(Tag.MERGE)) {
                    continue;
                }
                String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                int line = key.getStartMark().getLine() + 1;
                Integer first = lines.putIfAbsent(key.getValue(), line);
                if (first != null) {
                    String where = first == line ? "twice on line " + line : "on lines " + first + " and " + line;
                    problems.add(file + ": " + child, "duplicate key, " + where + ": only the last would be used;"
                            + " give it once");
                }
                walk(entry.getValueNode(), child, file, problems, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                walk(sequence.getValue().get(i), path.isEmpty() ? "" + i : path + "." + i, file, problems, seen);
            }
        }
    }
}
