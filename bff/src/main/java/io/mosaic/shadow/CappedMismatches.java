package io.mosaic.shadow;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the first {@code max} mismatches whose normalised path is not noise, and stops the walk at the one after,
 * marking the result truncated. Noise is left out before counting, so noise never crowds out a real mismatch.
 */
final class CappedMismatches implements MismatchSink {

    private final int max;
    private final Noise noise;
    private final List<Mismatch> kept = new ArrayList<>();
    private boolean truncated;

    CappedMismatches(int max, Noise noise) {
        this.max = max;
        this.noise = noise;
    }

    @Override
    public boolean offer(Mismatch mismatch) {
        if (noise.contains(mismatch.normalisedPath())) {
            return true;
        }
        if (kept.size() < max) {
            kept.add(mismatch);
            return true;
        }
        truncated = true;
        return false;
    }

    ComparisonResult result() {
        return new ComparisonResult(kept, truncated);
    }
}
