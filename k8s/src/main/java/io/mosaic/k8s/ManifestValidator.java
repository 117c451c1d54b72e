package io.mosaic.k8s;

import java.nio.file.Path;
import java.util.List;

/**
 * Renders a kustomization and checks the result, in one place that reads top to bottom: first what can be
 * judged from the manifests (the Kubernetes schema, then Mosaic's contract), then, when all of that holds,
 * Mosaic itself started as the pod would start it.
 */
public final class ManifestValidator {

    private final Kubectl kubectl;
    private final Path repo;
    private final List<Check> checks;
    private final Check running;

    /**
     * @param kubectl        renders the kustomizations
     * @param repo           the checkout root
     * @param mosaicJar      the runnable jar the image gets (with libs/ beside it)
     * @param mosaicClassPath Mosaic's class path, for when the jar is not built
     * @param work           a folder for the started Mosaic's files and logs
     */
    public ManifestValidator(Kubectl kubectl, Path repo, Path mosaicJar, List<String> mosaicClassPath, Path work) {
        this.kubectl = kubectl;
        this.repo = repo;
        this.checks = List.of(
                new ApiSchemaCheck(),
                new ImageCheck(),
                new ReplicaCheck(),
                new SelectorCheck(),
                new ResourceCheck(),
                new SecurityCheck(),
                new SecretCheck(),
                new PortCheck(),
                new EnvNameCheck(),
                new MosaicConfigCheck(),
                new UpstreamCheck(),
                new ConfigFilesCheck(),
                new WritablePathCheck(),
                new ShutdownCheck(),
                new ProbeCheck());
        this.running = new RunningMosaicCheck(mosaicJar, mosaicClassPath, work);
    }

    /**
     * Render {@code kustomization} and check it with the image built from {@code dockerfile}.
     *
     * @return every problem found; empty when the release is fit to deploy
     */
    public List<String> validate(String name, Path kustomization, Path dockerfile) {
        Problems problems = new Problems();
        String rendered;
        try {
            rendered = kubectl.kustomize(kustomization);
        } catch (Kubectl.RenderException e) {
            problems.add(name, e.getMessage());
            return problems.all();
        }
        Release release = Release.parse(name, rendered, ImageFacts.read(dockerfile), repo);
        for (Check check : checks) {
            check.check(release, problems);
        }
        if (problems.isEmpty()) {
            running.check(release, problems);
        }
        return problems.all();
    }
}
