package io.mosaic.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.getunleash.FakeUnleash;
import io.getunleash.UnleashContext;
import io.mosaic.config.RoutingSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final String FLAG = "mosaic.composed";
    private final FakeUnleash unleash = new FakeUnleash();

    private static RoutingSettings settings(RoutePath defaultPath, boolean allowAnonymous) {
        return new RoutingSettings(FLAG, defaultPath, allowAnonymous, Optional.of("X-Session-Id"),
                Map.of("tenantId", "X-Tenant-Id"), Optional.of("mosaic.shadow"));
    }

    private static Function<String, String> headers(Map<String, String> values) {
        return name -> values.get(name.toLowerCase());
    }

    private RoutingDecision decide(Router router, Map<String, String> headers) {
        return router.decide(FLAG, headers(headers), Optional.of("10.0.0.1"), Map.of("translations", "kill.translations"));
    }

    @Test
    void userInTheFlagGetsComposedOthersDirect() {
        unleash.conditionallyEnable(ctx -> ctx.getUserId().filter("alice"::equals).isPresent(), FLAG);
        Router router = new Router(unleash, settings(RoutePath.DIRECT, true), "X-User-Id");
        assertEquals(RoutePath.COMPOSED, decide(router, Map.of("x-user-id", "alice")).path());
        assertEquals(RoutePath.DIRECT, decide(router, Map.of("x-user-id", "bob")).path());
    }

    @Test
    void tenantComesFromItsHeaderSessionAndAddressAreInTheContext() {
        unleash.conditionallyEnable(ctx -> "acme".equals(ctx.getProperties().get("tenantId"))
                && ctx.getSessionId().filter("s-1"::equals).isPresent()
                && ctx.getRemoteAddress().filter("10.0.0.1"::equals).isPresent(), FLAG);
        Router router = new Router(unleash, settings(RoutePath.DIRECT, true), "X-User-Id");
        assertEquals(RoutePath.COMPOSED,
                decide(router, Map.of("x-user-id", "carol", "x-tenant-id", "acme", "x-session-id", "s-1")).path());
        assertEquals(RoutePath.DIRECT,
                decide(router, Map.of("x-user-id", "carol", "x-tenant-id", "other", "x-session-id", "s-1")).path());
    }

    @Test
    void anonymousIsEvaluatedWithoutUserIdWhenAllowed() {
        unleash.conditionallyEnable(ctx -> ctx.getUserId().isEmpty(), FLAG);
        assertEquals(RoutePath.COMPOSED, decide(new Router(unleash, settings(RoutePath.DIRECT, true), "X-User-Id"),
                Map.of()).path());
    }

    @Test
    void anonymousGetsTheDefaultPathWhenNotAllowed() {
        unleash.enableAll();
        assertEquals(RoutePath.DIRECT, decide(new Router(unleash, settings(RoutePath.DIRECT, false), "X-User-Id"),
                Map.of()).path());
        assertEquals(RoutePath.COMPOSED, decide(new Router(unleash, settings(RoutePath.DIRECT, false), "X-User-Id"),
                Map.of("x-user-id", "dave")).path());
    }

    @Test
    void killSwitchesHoldForAnonymousRequestsOnTheComposedDefault() {
        unleash.enable(FLAG);
        unleash.disable("kill.translations");
        RoutingDecision anonymous = decide(new Router(unleash, settings(RoutePath.COMPOSED, false), "X-User-Id"),
                Map.of());
        assertEquals(RoutePath.COMPOSED, anonymous.path());
        assertEquals(Set.of("translations"), anonymous.disabledEnrichers());
    }

    @Test
    void unknownFlagFallsBackToTheConfiguredDefaultPath() {
        assertEquals(RoutePath.DIRECT, decide(new Router(unleash, settings(RoutePath.DIRECT, true), "X-User-Id"),
                Map.of("x-user-id", "alice")).path());
        assertEquals(RoutePath.COMPOSED, decide(new Router(unleash, settings(RoutePath.COMPOSED, true), "X-User-Id"),
                Map.of("x-user-id", "alice")).path());
    }

    @Test
    void killSwitchOffDisablesItsEnricherUnknownKillSwitchKeepsItOn() {
        unleash.enable(FLAG);
        Router router = new Router(unleash, settings(RoutePath.DIRECT, true), "X-User-Id");
        assertEquals(Set.of(), decide(router, Map.of("x-user-id", "alice")).disabledEnrichers());
        unleash.disable("kill.translations");
        assertEquals(Set.of("translations"), decide(router, Map.of("x-user-id", "alice")).disabledEnrichers());
    }

    @Test
    void shadowFlagIsEvaluatedOnce() {
        unleash.enable(FLAG);
        Router router = new Router(unleash, settings(RoutePath.DIRECT, true), "X-User-Id");
        assertFalse(decide(router, Map.of("x-user-id", "alice")).shadow());
        unleash.conditionallyEnable((UnleashContext ctx) -> true, "mosaic.shadow");
        assertTrue(decide(router, Map.of("x-user-id", "alice")).shadow());
    }
}
