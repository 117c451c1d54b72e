package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.Test;

class HeaderNameTableTest {

    @Test
    void aNameIsMadeOnceAndIsHelidonsName() {
        HeaderNameTable table = new HeaderNameTable();
        HeaderName first = table.of("X-Tenant-Id");

        assertSame(first, table.of("X-Tenant-Id"));
        assertEquals(HeaderNames.create("X-Tenant-Id"), first);
        assertEquals("x-tenant-id", first.lowerCase());
        // another spelling is another entry, and the same header
        assertEquals(first, table.of("x-tenant-id"));
        assertEquals(2, table.size());
    }

    @Test
    void pastItsLimitItStopsGrowingAndStillAnswers() {
        HeaderNameTable table = new HeaderNameTable();
        for (int i = 0; i < HeaderNameTable.LIMIT + 50; i++) {
            assertEquals(HeaderNames.create("X-Name-" + i), table.of("X-Name-" + i));
        }

        assertEquals(HeaderNameTable.LIMIT, table.size());
        assertSame(table.of("X-Name-0"), table.of("X-Name-0"));
        assertEquals("x-name-" + (HeaderNameTable.LIMIT + 10), table.of("X-Name-" + (HeaderNameTable.LIMIT + 10))
                .lowerCase());
    }
}
