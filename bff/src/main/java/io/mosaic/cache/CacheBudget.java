package io.mosaic.cache;

import java.util.Optional;

/**
 * The most memory the enrichment caches can take when full, against the heap they live in. A full cache stays
 * full, in the old generation: what the caches take, the requests in flight no longer have.
 */
public final class CacheBudget {

    /** The share of the heap the caches may take before Mosaic warns. */
    static final double SHARE = 0.25;

    /** How the warning starts, for tools that read Mosaic's log. */
    public static final String WARNING = "the enrichment caches can take up to ";

    private long bytes;

    /** Count one cache: its {@code max-memory}, twice with the last good answers for {@code stale}. */
    public void add(CacheSettings settings, boolean keepLastGood) {
        bytes += settings.maxMemory() * (keepLastGood ? 2 : 1);
    }

    public long bytes() {
        return bytes;
    }

    /** A warning when the caches, full, would take more than {@link #SHARE} of {@code maxHeap} bytes. */
    public Optional<String> warning(long maxHeap) {
        if (bytes <= maxHeap * SHARE) {
            return Optional.empty();
        }
        return Optional.of(WARNING + mib(bytes) + " MiB when full, more than a quarter"
                + " of the " + mib(maxHeap) + " MiB heap; give the JVM a larger heap or lower cache.max-memory");
    }

    private static long mib(long bytes) {
        return Math.ceilDiv(bytes, 1L << 20);
    }
}
