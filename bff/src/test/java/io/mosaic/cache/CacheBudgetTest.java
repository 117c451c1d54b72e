package io.mosaic.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheBudgetTest {

    private static CacheSettings mib(long mib) {
        return new CacheSettings(Duration.ofSeconds(30), 10_000, mib << 20, CacheSettings.Scope.SHARED, List.of(),
                Optional.empty(), false, Duration.ofMinutes(10));
    }

    @Test
    void theLastGoodAnswersCountAsMuchAgain() {
        CacheBudget budget = new CacheBudget();
        budget.add(mib(4), false);
        budget.add(mib(4), true);
        assertEquals(12L << 20, budget.bytes());
    }

    @Test
    void warnsOnlyAboveAQuarterOfTheHeap() {
        CacheBudget budget = new CacheBudget();
        budget.add(mib(8), true);
        assertTrue(budget.warning(64L << 20).isEmpty(), "16 MiB of 64 is a quarter, not more");
        budget.add(mib(1), false);
        String warning = budget.warning(64L << 20).orElseThrow();
        assertTrue(warning.contains("17 MiB") && warning.contains("64 MiB heap"), warning);
    }
}
