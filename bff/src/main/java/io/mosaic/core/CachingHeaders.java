package io.mosaic.core;

/**
 * What an upstream said about caching its answer: the raw header values, each null when absent. The enrichment
 * cache reads them when {@code honour-cache-control} is on.
 *
 * @param cacheControl {@code Cache-Control}
 * @param age          {@code Age}: how long a cache in front of the upstream has held the answer already
 * @param vary         {@code Vary}: the request headers the answer depends on
 */
public record CachingHeaders(String cacheControl, String age, String vary) {

    public static final CachingHeaders NONE = new CachingHeaders(null, null, null);
}
