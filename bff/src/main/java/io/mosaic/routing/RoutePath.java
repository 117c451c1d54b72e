package io.mosaic.routing;

/** Where a request goes. The token is what {@code Mosaic-Path} says. */
public enum RoutePath {
    /** Base from the monolith with {@code skipExternal=true}, enriched and merged by Mosaic. */
    COMPOSED("composed"),
    /** The legacy path: the monolith's own answer with {@code skipExternal=false}, unchanged. */
    DIRECT("direct");

    private final String token;

    RoutePath(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** @throws IllegalArgumentException for anything but {@code composed} or {@code direct} */
    public static RoutePath of(String token) {
        for (RoutePath path : values()) {
            if (path.token.equalsIgnoreCase(token)) {
                return path;
            }
        }
        throw new IllegalArgumentException(token);
    }
}
