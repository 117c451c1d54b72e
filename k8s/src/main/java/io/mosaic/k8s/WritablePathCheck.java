package io.mosaic.k8s;

import java.nio.file.Path;

/**
 * With a read-only root filesystem, what Mosaic writes needs a writable volume: java.io.tmpdir (the Unleash
 * client unpacks its native library there) must be an emptyDir mounted read-write, and so must the folder of
 * the Unleash backup file.
 */
final class WritablePathCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            String tmpdir = ConfigFilesCheck.systemProperties(pod)
                    .getOrDefault(MosaicContract.TMPDIR_PROPERTY, MosaicContract.DEFAULT_TMPDIR);
            boolean tmpIsEmptyDir = pod.mountFor(tmpdir)
                    .flatMap(m -> pod.volume(m.path("name").asText()))
                    .map(v -> v.has("emptyDir")).orElse(false);
            if (!tmpIsEmptyDir || !pod.writable(tmpdir)) {
                problems.add(pod.where("volumeMounts"), "java.io.tmpdir " + tmpdir + " needs an emptyDir mounted"
                        + " read-write: the root filesystem is read-only, and the Unleash client unpacks its native"
                        + " library there");
            }
            PodConfig.of(pod).value(MosaicContract.UNLEASH_BACKUP_FILE_KEY).ifPresent(file -> {
                String folder = String.valueOf(Path.of(pod.absolute(file)).getParent());
                if (!pod.writable(folder)) {
                    problems.add(pod.where("env"), MosaicContract.UNLEASH_BACKUP_FILE_KEY + " " + file + " is on a"
                            + " read-only filesystem; put it under " + tmpdir);
                }
            });
        });
    }
}
