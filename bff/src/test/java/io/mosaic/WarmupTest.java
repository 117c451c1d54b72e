package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WarmupTest {

    @Test
    void mosaicReachesItselfWhereItListens() {
        assertEquals(URI.create("http://127.0.0.1:8080"), Warmup.self("", 8080), "server.host not set");
        assertEquals(URI.create("http://127.0.0.1:8080"), Warmup.self("0.0.0.0", 8080));
        assertEquals(URI.create("http://127.0.0.1:8080"), Warmup.self("::", 8080));
        assertEquals(URI.create("http://127.0.0.1:8080"), Warmup.self("127.0.0.1", 8080));
        assertEquals(URI.create("http://10.1.2.3:8080"), Warmup.self("10.1.2.3", 8080),
                "a host that listens on one address only is not reached on the loopback address");
        assertEquals(URI.create("http://[fd00::7]:8080"), Warmup.self("fd00::7", 8080));
        assertEquals(URI.create("http://mosaic.internal:8080"), Warmup.self("mosaic.internal", 8080));
    }
}
