package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manifests need to know about the image, read from the final stage of the {@code Dockerfile}: its
 * working directory, user, environment, exposed ports and the {@code java} command it runs; and, from every stage,
 * the base images it is built from.
 *
 * @param workdir    the last {@code WORKDIR}
 * @param user       the last {@code USER}, as written (e.g. {@code 10001:10001}); empty if none
 * @param env        every {@code ENV}, in order
 * @param exposed    every {@code EXPOSE}d port
 * @param entrypoint the exec-form {@code ENTRYPOINT} followed by the exec-form {@code CMD}
 * @param baseImages every stage's {@code FROM} image as written (e.g. {@code eclipse-temurin:25.0.3_9-jre-noble}),
 *                   leaving out stages built on an earlier stage
 */
public record ImageFacts(String workdir, String user, Map<String, String> env, List<Integer> exposed,
                         List<String> entrypoint, List<String> baseImages) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    public static ImageFacts read(Path dockerfile) {
        try {
            return parse(Files.readString(dockerfile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dockerfile, e);
        }
    }

    /** Parse a Dockerfile's text; only the last stage counts. */
    public static ImageFacts parse(String text) {
        String workdir = "/";
        String user = "";
        Map<String, String> env = new LinkedHashMap<>();
        List<Integer> exposed = new ArrayList<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        List<String> baseImages = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        for (String line : instructions(text)) {
            String[] parts = line.split("\\s+", 2);
            String instruction = parts[0].toUpperCase(Locale.ROOT);
            String args = parts.length > 1 ? parts[1].trim() : "";
            switch (instruction) {
                case "FROM" -> {
                    List<String> words = new ArrayList<>(List.of(args.split("\\s+")));
                    words.removeIf(word -> word.startsWith("--"));
                    if (!words.isEmpty() && !stages.contains(words.getFirst())) {
                        baseImages.add(words.getFirst());
                    }
                    if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
                        stages.add(words.get(2));
                    }
                    workdir = "/";
                    user = "";
                    env.clear();
                    exposed.clear();
                    entrypoint = List.of();
                    cmd = List.of();
                }
                case "WORKDIR" -> workdir = args.startsWith("/") ? args : Path.of(workdir, args).toString();
                case "USER" -> user = args;
                case "ENV" -> {
                    Matcher pair = ENV_PAIR.matcher(args);
                    while (pair.find()) {
                        env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
                case "EXPOSE" -> {
                    for (String port : args.split("\\s+")) {
                        exposed.add(Integer.parseInt(port.replaceAll("/.*", "")));
                    }
                }
                case "ENTRYPOINT" -> entrypoint = execForm(args);
                case "CMD" -> cmd = execForm(args);
                default -> {
                }
            }
        }
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        return new ImageFacts(workdir, user, Map.copyOf(env), List.copyOf(exposed), List.copyOf(command),
                List.copyOf(baseImages));
    }

    /** The numeric user id, if {@code USER} gives one. */
    public Optional<Long> numericUser() {
        String uid = user.split(":", 2)[0];
        return uid.matches("\\d+") ? Optional.of(Long.parseLong(uid)) : Optional.empty();
    }

    /** The JVM options of the {@code java ... -jar x.jar} command: everything between {@code java} and {@code -jar}. */
    public List<String> javaOptions() {
        int java = -1;
        int jar = entrypoint.indexOf("-jar");
        for (int i = 0; i < entrypoint.size(); i++) {
            if (entrypoint.get(i).equals("java") || entrypoint.get(i).endsWith("/java")) {
                java = i;
                break;
            }
        }
        return java < 0 || jar < java ? List.of() : entrypoint.subList(java + 1, jar);
    }

    /** Instructions with line continuations joined and comments dropped. */
    private static List<String> instructions(String text) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                if (!current.toString().isBlank()) {
                    result.add(current.toString().strip());
                }
                current.setLength(0);
            }
        }
        return result;
    }

    private static List<String> execForm(String args) {
        if (!args.startsWith("[")) {
            return List.of("/bin/sh", "-c", args);
        }
        try {
            List<String> words = new ArrayList<>();
            for (JsonNode word : JSON.readTree(args)) {
                words.add(word.asText());
            }
            return words;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON array: " + args, e);
        }
    }
}
