package io.mosaic.routing;

import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.mosaic.config.RoutingSettings;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates the flags of one request, once, into a {@link RoutingDecision}. The user id comes from the
 * trusted user header; further Unleash context properties (such as {@code tenantId}) from configured headers,
 * so ops can route one user, a list of users, a customer or a percentage.
 */
public final class Router {

    private final Unleash unleash;
    private final RoutingSettings settings;
    private final String userHeader;

    public Router(Unleash unleash, RoutingSettings settings, String userHeader) {
        this.unleash = unleash;
        this.settings = settings;
        this.userHeader = userHeader;
    }

    /**
     * @param flag          the routing flag of the entity type (its override, or the global one)
     * @param header        the client's value of a header, by name (any case), or null
     * @param remoteAddress the client's address, if known
     * @param killSwitches  enricher name to its kill-switch flag, for the enrichers that have one
     */
    public RoutingDecision decide(String flag, Function<String, String> header, Optional<String> remoteAddress,
                                  Map<String, String> killSwitches) {
        Optional<String> user = Optional.ofNullable(header.apply(userHeader)).filter(u -> !u.isBlank());
        boolean composedDefault = settings.defaultPath() == RoutePath.COMPOSED;
        if (user.isEmpty() && !settings.allowAnonymous()) {
            // no routing flag for anonymous requests, but the kill switches still hold on the composed path
            return new RoutingDecision(settings.defaultPath(), false,
                    composedDefault ? disabled(killSwitches, context(user, header, remoteAddress)) : Set.of());
        }
        UnleashContext context = context(user, header, remoteAddress);
        RoutePath path = unleash.isEnabled(flag, context, composedDefault) ? RoutePath.COMPOSED : RoutePath.DIRECT;
        boolean shadow = settings.shadowFlag().map(f -> unleash.isEnabled(f, context, false)).orElse(false);
        return new RoutingDecision(path, shadow,
                path == RoutePath.COMPOSED || shadow ? disabled(killSwitches, context) : Set.of());
    }

    /** The enrichers whose kill switch is off: a kill switch counts as on when Unleash does not know it. */
    private Set<String> disabled(Map<String, String> killSwitches, UnleashContext context) {
        Set<String> disabled = new HashSet<>();
        killSwitches.forEach((enricher, killSwitch) -> {
            if (!unleash.isEnabled(killSwitch, context, true)) {
                disabled.add(enricher);
            }
        });
        return disabled;
    }

    private UnleashContext context(Optional<String> user, Function<String, String> header, Optional<String> remote) {
        UnleashContext.Builder context = UnleashContext.builder();
        user.ifPresent(context::userId);
        settings.sessionHeader().map(header).filter(s -> !s.isBlank()).ifPresent(context::sessionId);
        remote.ifPresent(context::remoteAddress);
        settings.contextProperties().forEach((property, name) -> {
            String value = header.apply(name);
            if (value != null && !value.isBlank()) {
                context.addProperty(property, value);
            }
        });
        return context.build();
    }
}
