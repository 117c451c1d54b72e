package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UriTemplateTest {

    @Test
    void expandsAndPercentEncodesEachValueAsOneSegment() {
        UriTemplate t = UriTemplate.compile("/owners/{ownerId}/items/{id}?view=full");
        assertEquals(Set.of("ownerId", "id"), t.variables());
        assertEquals("/owners/a%2Fb/items/..%2F..%2Fadmin?view=full",
                t.expand(Map.of("ownerId", "a/b", "id", "../../admin")::get));
        assertEquals("/owners/%C3%A9%20%3F%23%25/items/x~y?view=full",
                t.expand(Map.of("ownerId", "é ?#%", "id", "x~y")::get));
    }

    @Test
    void rejectsDotSegmentsAndMissingValues() {
        UriTemplate t = UriTemplate.compile("/d/{id}");
        assertThrows(UriTemplate.MissingVariableException.class, () -> t.expand(v -> ".."));
        assertThrows(UriTemplate.MissingVariableException.class, () -> t.expand(v -> "."));
        assertThrows(UriTemplate.MissingVariableException.class, () -> t.expand(v -> null));
        assertThrows(UriTemplate.MissingVariableException.class, () -> t.expand(v -> ""));
    }

    @Test
    void knowsWhetherItUsesOnlyOneVariable() {
        assertTrue(UriTemplate.compile("/designs/{id}").usesOnly("id"));
        assertTrue(UriTemplate.compile("/designs/{id}/{id}").usesOnly("id"));
        assertTrue(UriTemplate.compile("/status").usesOnly("id"));
        assertFalse(UriTemplate.compile("/owners/{ownerId}/items/{id}").usesOnly("id"));
        assertFalse(UriTemplate.compile("/owners/{ownerId}").usesOnly("id"));
    }

    @Test
    void rejectsMalformedTemplates() {
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.compile("d/{id}"));
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.compile("/d/{id"));
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.compile("/d/{1x}"));
    }
}
