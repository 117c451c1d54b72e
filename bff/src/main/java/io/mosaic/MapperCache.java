package io.mosaic;

import io.helidon.common.mapper.MapperManager;
import io.helidon.service.registry.Services;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pins Helidon's global {@link MapperManager} once. In Helidon 4.4 an unset global manager is looked up in the
 * service registry on every use, and the web client uses it for every header value it reads (each
 * {@code Content-Length}): in a profile of the composed path that lookup was over a third of Mosaic's CPU.
 * Setting the registry's own instance as the global one makes the lookup a field read, with the same mappers.
 */
final class MapperCache {

    private static final AtomicBoolean PINNED = new AtomicBoolean();

    private MapperCache() {
    }

    static void pin() {
        if (PINNED.compareAndSet(false, true)) {
            MapperManager.global(Services.get(MapperManager.class));
        }
    }
}
