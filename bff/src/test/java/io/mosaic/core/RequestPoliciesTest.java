package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestPoliciesTest {

    @Test
    void forwardsOnlyAllowListedHeaders() {
        HeaderPolicy policy = HeaderPolicy.allowing(List.of("Authorization", "Accept-Language", "X-User-Id"));
        Map<String, String> client = Map.of("authorization", "Bearer t", "accept-language", "de",
                "cookie", "session=secret", "x-user-id", "alice");
        assertEquals(Map.of("authorization", "Bearer t", "accept-language", "de", "x-user-id", "alice"),
                policy.select(client::get));
    }

    @Test
    void neverForwardsHeadersNamedInConnection() {
        HeaderPolicy policy = HeaderPolicy.allowing(List.of("Authorization", "Accept-Language"));
        Map<String, String> client = Map.of("connection", "keep-alive, Accept-Language", "accept-language", "de",
                "authorization", "x");
        assertEquals(Map.of("authorization", "x"), policy.select(client::get));
    }

    @Test
    void refusesHopByHopHeadersInTheAllowList() {
        assertThrows(IllegalArgumentException.class, () -> HeaderPolicy.allowing(List.of("Transfer-Encoding")));
        assertThrows(IllegalArgumentException.class, () -> HeaderPolicy.allowing(List.of("Connection")));
    }

    @Test
    void idPolicyRejectsTraversalAndOddCharacters() {
        IdPolicy ids = IdPolicy.matching(IdPolicy.DEFAULT_PATTERN);
        assertTrue(ids.accepts("42"));
        assertTrue(ids.accepts("a.b_c-D"));
        for (String bad : List.of("", ".", "..", "../x", "a/b", "a b", "x".repeat(129), "é", "a%2Fb")) {
            assertFalse(ids.accepts(bad), bad);
        }
    }
}
