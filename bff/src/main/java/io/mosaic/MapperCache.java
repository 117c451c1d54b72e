package io.mosaic;

import io.helidon.common.mapper.MapperManager;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pins Helidon's global {@link MapperManager} once. In Helidon 4.4 an unset global manager is looked up in the
 * service registry on every use, and the web client uses it for every header value it reads (each
 * {@code Content-Length}): in a profile of the composed path that lookup was over a third of Mosaic's CPU.
 * Setting a manager as the global one makes the lookup a field read; built with {@link MapperManager#create()}, it
 * finds the same mapper providers. {@code Main} pins it before anything asks for the registry's manager, so the
 * registry takes it as its own; pinned later (tests that start the server directly), Helidon logs a warning that
 * it cannot replace the registry's instance, and the global one is used all the same.
 */
final class MapperCache {

    private static final AtomicBoolean PINNED = new AtomicBoolean();

    private MapperCache() {
    }

    static void pin() {
        if (PINNED.compareAndSet(false, true)) {
            MapperManager.global(MapperManager.create());
        }
    }
}
