package io.mosaic.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic in-memory data for deployables 1 to 100 (system property {@code demo.max-id} for more), sized like
 * real answers (about 1.5, 1.0 and 2.4 KB).
 */
final class DemoData {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ID = Integer.getInteger("demo.max-id", 100);

    private static final List<String> STATUSES = List.of("RUNNING", "DEGRADED", "STOPPED", "DEPLOYING");
    private static final List<String> ENVIRONMENTS = List.of("production", "staging", "development");
    private static final List<String> THEMES = List.of("aurora", "basalt", "coral", "dune");
    private static final List<String> LANGUAGES = List.of("en", "de", "fr", "nl", "es");

    private DemoData() {
    }

    /** The id as a number in 1..{@link #MAX_ID}, or empty. */
    static Optional<Integer> known(String id) {
        try {
            int n = Integer.parseInt(id);
            return n >= 1 && n <= MAX_ID && String.valueOf(n).equals(id) ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static ObjectNode deployable(int n) {
        ObjectNode d = JSON.createObjectNode()
                .put("id", String.valueOf(n))
                .put("name", "service-" + n)
                .put("status", STATUSES.get(n % STATUSES.size()))
                .put("ownerId", "team-" + (n % 7 + 1))
                .put("environment", ENVIRONMENTS.get(n % ENVIRONMENTS.size()))
                .put("version", "1." + (n % 10) + "." + n)
                .put("createdAt", String.format("2025-%02d-%02dT08:00:00Z", n % 12 + 1, n % 28 + 1))
                .put("updatedAt", String.format("2026-%02d-%02dT17:30:00Z", n % 12 + 1, n % 28 + 1));
        ObjectNode labels = d.putObject("labels");
        labels.put("tier", n % 2 == 0 ? "backend" : "frontend").put("cost-centre", "cc-" + (n % 5 + 100))
                .put("criticality", n % 3 == 0 ? "high" : "normal").put("region", "eu-west-" + (n % 3 + 1));
        ArrayNode steps = d.putArray("steps");
        String[] names = {"checkout", "build", "unit-tests", "image", "scan", "deploy-canary", "verify", "promote"};
        for (int i = 0; i < names.length; i++) {
            steps.addObject().put("name", names[i]).put("state", i < 6 ? "done" : "pending")
                    .put("durationMs", 1000 + (n * 37 + i * 113) % 9000)
                    .put("startedAt", String.format("2026-%02d-%02dT17:%02d:00Z", n % 12 + 1, n % 28 + 1, i * 3));
        }
        return d;
    }

    static ObjectNode design(int n) {
        ObjectNode v = JSON.createObjectNode()
                .put("deployableId", String.valueOf(n))
                .put("theme", THEMES.get(n % THEMES.size()))
                .put("icon", "icon-" + (n % 12))
                .put("density", n % 2 == 0 ? "compact" : "comfortable");
        ObjectNode palette = v.putObject("palette");
        palette.put("primary", String.format("#%06x", (n * 2654435761L) & 0xFFFFFF))
                .put("secondary", String.format("#%06x", (n * 40503L) & 0xFFFFFF))
                .put("accent", String.format("#%06x", (n * 9973L) & 0xFFFFFF))
                .put("background", "#fafafa").put("surface", "#ffffff").put("text", "#1d1d1f");
        ObjectNode layout = v.putObject("layout");
        layout.put("header", "hero").put("cards", n % 4 + 2).put("showTimeline", n % 2 == 1)
                .put("sidebar", n % 3 == 0 ? "left" : "right");
        ArrayNode badges = v.putArray("badges");
        for (int i = 0; i < 4; i++) {
            badges.addObject().put("kind", "badge-" + i).put("label", "Badge " + i + " of service " + n)
                    .put("colour", String.format("#%06x", (n * 31L + i * 97L) & 0xFFFFFF));
        }
        return v;
    }

    static ObjectNode translations(int n) {
        ObjectNode t = JSON.createObjectNode().put("entityId", String.valueOf(n));
        ObjectNode texts = t.putObject("texts");
        for (String lang : LANGUAGES) {
            texts.putObject(lang)
                    .put("title", "[" + lang + "] Service " + n)
                    .put("description", "[" + lang + "] Service " + n + " is deployed by team " + (n % 7 + 1)
                            + " and serves the checkout, the catalogue and the account pages.")
                    .put("status", "[" + lang + "] " + STATUSES.get(n % STATUSES.size()).toLowerCase())
                    .put("help", "[" + lang + "] Open the runbook before restarting: the canary must be green.");
        }
        return t;
    }
}
