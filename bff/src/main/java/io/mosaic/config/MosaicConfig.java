package io.mosaic.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * All of Mosaic's configuration, read and cross-checked once at startup: the {@code mosaic} tree plus every
 * enricher folder. Every problem is collected and reported at once.
 *
 * @param settings  the {@code mosaic} tree
 * @param enrichers for each entity type, the enrichers to run in output order
 */
public record MosaicConfig(MosaicSettings settings, Map<String, List<EnricherSettings>> enrichers) {

    private static final System.Logger LOG = System.getLogger(MosaicConfig.class.getName());

    /**
     * @param root            the root config
     * @param knownTransformer whether a transformer name has a provider
     * @throws InvalidConfigException listing every problem
     */
    public static MosaicConfig load(Config root, Predicate<String> knownTransformer) {
        return load(root, new ConfigProblems(), knownTransformer);
    }

    /**
     * As {@link #load(Config, Predicate)}, and {@code file}, the YAML file {@code root} was read from, is checked as
     * a file: a key given twice in it (Helidon would keep the last one without a word) and a top-level key other
     * than {@code server} and {@code mosaic} (a misspelt {@code mosiac:} would leave every setting at its default)
     * are problems too. Only the file's own root is checked: environment variables and system properties add root
     * keys of their own.
     */
    public static MosaicConfig load(Config root, Path file, Predicate<String> knownTransformer) {
        ConfigProblems problems = new ConfigProblems();
        DuplicateKeys.report(file, problems);
        ConfigReader.of(Config.just(ConfigSources.file(file)), file.toString(), problems)
                .allowOnly("server", "mosaic");
        return load(root, problems, knownTransformer);
    }

    private static MosaicConfig load(Config root, ConfigProblems problems, Predicate<String> knownTransformer) {
        MosaicSettings settings = MosaicSettings.create(root, problems);
        List<EnricherSettings> all = EnricherFolders.load(settings.enrichersDirectory(), problems);
        Map<String, List<EnricherSettings>> byType = plan(settings, all, knownTransformer, problems);
        problems.throwIfAny();
        settings.entities().forEach((type, entity) -> entity.enrichers()
                .ifPresent(listed -> warnLeftOut(type, listed, all)));
        warnUnused(settings, all);
        return new MosaicConfig(settings, byType);
    }

    private static Map<String, List<EnricherSettings>> plan(MosaicSettings settings, List<EnricherSettings> all,
                                                            Predicate<String> knownTransformer,
                                                            ConfigProblems problems) {
        Map<String, EnricherSettings> byName = new LinkedHashMap<>();
        for (EnricherSettings e : all) {
            String file = e.folder().resolve(EnricherFolders.FILE_NAME).toString();
            if (byName.putIfAbsent(e.name(), e) != null) {
                problems.add(file, "name '" + e.name() + "' is already used by " + byName.get(e.name()).folder());
            }
            if (!settings.upstreams().containsKey(e.upstream()) && !e.upstream().isEmpty()) {
                problems.add(file + ": upstream", "unknown upstream '" + e.upstream() + "'; configured upstreams are "
                        + settings.upstreams().keySet());
            }
            e.transformer().filter(t -> !knownTransformer.test(t)).ifPresent(t -> problems.add(file + ": transformer.name",
                    unknownTransformer(t)));
            for (String type : e.entityTypes()) {
                if (!settings.entities().containsKey(type)) {
                    problems.add(file + ": entity-types", "unknown entity type '" + type + "'; configured types are "
                            + settings.entities().keySet());
                }
            }
        }
        Map<String, List<EnricherSettings>> byType = new LinkedHashMap<>();
        settings.entities().forEach((type, entity) -> {
            List<EnricherSettings> chosen = new ArrayList<>();
            if (entity.enrichers().isPresent()) {
                for (String name : entity.enrichers().get()) {
                    EnricherSettings e = byName.get(name);
                    if (e == null || !e.entityTypes().contains(type)) {
                        problems.add("mosaic.entities." + type + ".enrichers", "'" + name
                                + "' is not an enricher for " + type);
                    } else {
                        chosen.add(e);
                    }
                }
            } else {
                byName.values().stream().filter(e -> e.entityTypes().contains(type)).forEach(chosen::add);
            }
            checkOwnership(type, entity, chosen, problems);
            byType.put(type, List.copyOf(chosen));
        });
        return byType;
    }

    /**
     * An enricher that names a type whose explicit list leaves it out is never called for it. Staging one that
     * way can be intended, so it is a warning, not a problem.
     */
    private static void warnLeftOut(String type, List<String> listed, List<EnricherSettings> all) {
        for (EnricherSettings e : all) {
            if (e.entityTypes().contains(type) && !listed.contains(e.name())) {
                LOG.log(System.Logger.Level.WARNING, "enricher '" + e.name() + "' (" + e.folder()
                        .resolve(EnricherFolders.FILE_NAME) + ") names entity type '" + type + "' but is not called"
                        + " for it: add '" + e.name() + "' to mosaic.entities." + type + ".enrichers to run it");
            }
        }
    }

    /**
     * An upstream that no entity type and no enricher calls is most often a misspelt name, e.g. in an environment
     * variable meant to override a URI ({@code MOSAIC_UPSTREAMS_MONOLTIH_URI}), which then defines a new upstream
     * while the intended one keeps its old URI. A warning, since one may be configured ahead of its enricher.
     */
    private static void warnUnused(MosaicSettings settings, List<EnricherSettings> all) {
        for (String upstream : settings.upstreams().keySet()) {
            boolean used = settings.entities().values().stream().anyMatch(e -> e.upstream().equals(upstream))
                    || all.stream().anyMatch(e -> e.upstream().equals(upstream));
            if (!used) {
                LOG.log(System.Logger.Level.WARNING, "upstream '" + upstream + "' (mosaic.upstreams." + upstream
                        + ") is called by no entity type and no enricher: a misspelt name, in the file or in a"
                        + " MOSAIC_UPSTREAMS_* variable?");
            }
        }
    }

    /** A field belongs to exactly one owner: the base, or one enricher. */
    private static void checkOwnership(String type, EntitySettings entity, List<EnricherSettings> enrichers,
                                       ConfigProblems problems) {
        Set<String> baseFields = Set.copyOf(entity.baseFields());
        Map<String, String> owners = new HashMap<>();
        for (EnricherSettings e : enrichers) {
            String field = e.field().toString();
            String top = e.field().getMatchingProperty();
            if (baseFields.contains(top) && !e.replaces()) {
                problems.add(e.folder().resolve(EnricherFolders.FILE_NAME) + ": field", "'" + top
                        + "' is already a field of the " + type + " base entity; declare 'replaces: true' to replace it");
            }
            for (Map.Entry<String, String> owned : owners.entrySet()) {
                if (overlaps(owned.getKey(), field)) {
                    problems.add(e.folder().resolve(EnricherFolders.FILE_NAME) + ": field", "'" + field
                            + "' overlaps '" + owned.getKey() + "' owned by enricher '" + owned.getValue() + "' for " + type);
                }
            }
            owners.put(field, e.name());
        }
    }

    /** Why a transformer name has no provider, and where its provider belongs. */
    public static String unknownTransformer(String name) {
        return "no transformer named '" + name + "' on the class path: its provider must be listed in"
                + " META-INF/services/io.mosaic.enricher.TransformerProvider of an enricher module that bff/pom.xml"
                + " depends on (enrichers/README.md, step 5)";
    }

    private static boolean overlaps(String a, String b) {
        return a.equals(b) || b.startsWith(a + "/") || a.startsWith(b + "/");
    }

}
