package io.mosaic.shadow;

/** Where a walk puts the mismatches it finds. */
interface MismatchSink {

    /** @return whether the walk should go on */
    boolean offer(Mismatch mismatch);
}
