package io.mosaic.cache;

import java.util.Collection;
import java.util.Optional;

/**
 * The most memory the enrichment caches can take when full, against the heap they live in. A full cache stays
 * full, in the old generation: what the caches take, the requests in flight no longer have.
 *
 * @param bytes what all the caches together can take when full
 */
public record CacheBudget(long bytes) {

    /** The share of the heap the caches may take before Mosaic warns. */
    static final double SHARE = 0.25;

    /** How the warning starts, for tools that read Mosaic's log. */
    public static final String WARNING = "the enrichment caches can take up to ";

    /** The budget of these caches: the sum of their {@link EnrichmentCache#maxBytes()}. */
    public static CacheBudget of(Collection<EnrichmentCache> caches) {
        return new CacheBudget(caches.stream().mapToLong(EnrichmentCache::maxBytes).sum());
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
