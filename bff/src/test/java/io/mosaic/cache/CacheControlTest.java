package io.mosaic.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheControlTest {

    @Test
    void maxAgeIsDeltaSecondsCappedAtTwoToTheThirtyFirst() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), CacheControl.parse("public, max-age=60").maxAge());
        assertEquals(Optional.of(Duration.ofSeconds(60)), CacheControl.parse("max-age=\"60\"").maxAge());
        assertEquals(Optional.of(Duration.ZERO), CacheControl.parse("max-age=0").maxAge());
        assertEquals(Optional.of(CacheControl.LONGEST), CacheControl.parse("max-age=2147483649").maxAge());
        assertEquals(Optional.of(CacheControl.LONGEST), CacheControl.parse("max-age=9999999999").maxAge());
        assertEquals(Optional.of(CacheControl.LONGEST),
                CacheControl.parse("max-age=123456789012345678901234567890").maxAge());
    }

    @Test
    void sharedMaxAgeIsReadLikeMaxAgeAndAMalformedOneIsZero() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), CacheControl.parse("max-age=60, s-maxage=10").sharedMaxAge());
        assertEquals(Optional.of(CacheControl.LONGEST), CacheControl.parse("s-maxage=99999999999").sharedMaxAge());
        assertEquals(Optional.of(Duration.ZERO), CacheControl.parse("s-maxage=soon").sharedMaxAge());
        assertTrue(CacheControl.parse("max-age=60").sharedMaxAge().isEmpty());
    }

    @Test
    void staleWhileRevalidateIsDeltaSecondsAndIgnoredWhenMalformed() {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                CacheControl.parse("max-age=60, stale-while-revalidate=30").staleWhileRevalidate());
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                CacheControl.parse("Stale-While-Revalidate=\"30\"").staleWhileRevalidate());
        assertEquals(Optional.of(CacheControl.LONGEST),
                CacheControl.parse("stale-while-revalidate=99999999999").staleWhileRevalidate());
        assertTrue(CacheControl.parse("stale-while-revalidate=soon").staleWhileRevalidate().isEmpty());
        assertTrue(CacheControl.parse("stale-while-revalidate").staleWhileRevalidate().isEmpty());
        assertTrue(CacheControl.parse("max-age=60").staleWhileRevalidate().isEmpty());
    }

    @Test
    void ageIsItsFirstValueInSecondsAndIgnoredWhenMalformed() {
        assertEquals(Optional.of(Duration.ofSeconds(50)), CacheControl.age("50"));
        assertEquals(Optional.of(Duration.ofSeconds(50)), CacheControl.age("50, 70"));
        assertTrue(CacheControl.age(null).isEmpty());
        assertTrue(CacheControl.age("-1").isEmpty());
        assertTrue(CacheControl.age("soon").isEmpty());
    }

    @Test
    void aMaxAgeThatIsNotANumberOfSecondsIsNotStored() {
        for (String header : new String[] {"max-age=-5", "max-age=+5", "max-age=1.5", "max-age=", "max-age=ten"}) {
            CacheControl control = CacheControl.parse(header);
            assertTrue(control.noStore(), header);
            assertTrue(control.maxAge().isEmpty(), header);
        }
        assertFalse(CacheControl.parse("max-age=5").noStore());
    }
}
