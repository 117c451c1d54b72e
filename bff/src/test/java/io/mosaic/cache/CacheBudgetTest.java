package io.mosaic.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheBudgetTest {

    private static EnrichmentCache mib(long mib, boolean keepLastGood) {
        CacheSettings settings = new CacheSettings(Duration.ofSeconds(30), 10_000, mib << 20,
                CacheSettings.Scope.SHARED, List.of(), Optional.empty(), false, Duration.ofMinutes(10),
                Optional.empty());
        return new EnrichmentCache(settings, keepLastGood, "X-User-Id", header -> true, Ticker.systemTicker());
    }

    @Test
    void theLastGoodAnswersCountAsMuchAgain() {
        CacheBudget budget = CacheBudget.of(List.of(mib(4, false), mib(4, true)));
        assertEquals(12L << 20, budget.bytes());
    }

    @Test
    void warnsOnlyAboveAQuarterOfTheHeap() {
        CacheBudget budget = CacheBudget.of(List.of(mib(8, true)));
        assertTrue(budget.warning(64L << 20).isEmpty(), "16 MiB of 64 is a quarter, not more");
        budget = CacheBudget.of(List.of(mib(8, true), mib(1, false)));
        String warning = budget.warning(64L << 20).orElseThrow();
        assertTrue(warning.contains("17 MiB") && warning.contains("64 MiB heap"), warning);
    }
}
