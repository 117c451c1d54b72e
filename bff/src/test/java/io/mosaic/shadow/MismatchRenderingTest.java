package io.mosaic.shadow;

import static io.mosaic.shadow.RulesFromYaml.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class MismatchRenderingTest {

    private static final JsonComparison PLAIN = JsonComparison.using(ComparisonRules.NONE);

    private static final String PRIMARY = """
            {"email": "ann@example.org", "age": 41, "admin": false, "roles": ["a"], "address": {"city": "Oslo"}}
            """;
    private static final String SHADOW = """
            {"email": "bob@example.org", "age": 42, "admin": true, "roles": ["a", "b"], "address": null}
            """;

    @Test
    void byDefaultAMismatchShowsOnlyTypesAndSizes() {
        ComparisonResult result = PLAIN.compare(json(PRIMARY), json(SHADOW));
        assertEquals(List.of(
                "value-differs at /email: primary string(15 chars), shadow string(15 chars)",
                "value-differs at /age: primary number, shadow number",
                "value-differs at /admin: primary boolean, shadow boolean",
                "length-differs at /roles: primary array(1 elements), shadow array(2 elements)",
                "type-differs at /address: primary object(1 fields), shadow null"),
                result.mismatches().stream().map(Mismatch::describe).toList());
    }

    @Test
    void noValueLeaksThroughToString() {
        String logged = PLAIN.compare(json(PRIMARY), json(SHADOW)).toString();
        for (String value : List.of("ann", "bob", "41", "42", "Oslo", "\"a\"")) {
            assertFalse(logged.contains(value), value + " leaked into: " + logged);
        }
    }

    @Test
    void keyValuesInThePathAreShownOnlyWhenAskedFor() {
        JsonComparison byEmail = RulesFromYaml.comparison("""
                rules:
                  arrays:
                    /owners: { key: email }
                """);
        Mismatch mismatch = byEmail.compare(
                json("{\"owners\": [{\"email\": \"jane.doe@example.com\", \"role\": \"owner\"}]}"),
                json("{\"owners\": [{\"email\": \"jane.doe@example.com\", \"role\": \"viewer\"}]}"))
                .mismatches().getFirst();
        assertEquals("value-differs at /owners/[email=*]/role: primary string(5 chars), shadow string(6 chars)",
                mismatch.describe());
        assertEquals(mismatch.describe(), mismatch.toString());
        assertEquals("value-differs at /owners/[email=jane.doe@example.com]/role: primary \"owner\", shadow \"viewer\"",
                mismatch.describeWithValues());
    }

    @Test
    void valuesAreShownOnlyWhenAskedFor() {
        List<String> shown = PLAIN.compare(json(PRIMARY), json(SHADOW)).mismatches().stream()
                .map(Mismatch::describeWithValues).toList();
        assertEquals(List.of(
                "value-differs at /email: primary \"ann@example.org\", shadow \"bob@example.org\"",
                "value-differs at /age: primary 41, shadow 42",
                "value-differs at /admin: primary false, shadow true",
                "length-differs at /roles: primary [\"a\"], shadow [\"a\",\"b\"]",
                "type-differs at /address: primary {\"city\":\"Oslo\"}, shadow null"), shown);
    }

    @Test
    void anAbsentSideAndTheRootAreNamed() {
        assertEquals("missing-in-shadow at /x: primary \"v\", shadow absent",
                PLAIN.compare(json("{\"x\": \"v\"}"), json("{}")).mismatches().getFirst().describeWithValues());
        assertEquals("type-differs at the root: primary array(0 elements), shadow object(0 fields)",
                PLAIN.compare(json("[]"), json("{}")).mismatches().getFirst().describe());
    }

    @Test
    void longValuesAreCut() {
        String longText = "x".repeat(500);
        String shown = PLAIN.compare(json("{\"t\": \"" + longText + "\"}"), json("{\"t\": \"y\"}"))
                .mismatches().getFirst().describeWithValues();
        assertEquals("value-differs at /t: primary \"" + "x".repeat(199) + "...(302 more chars), shadow \"y\"", shown);
    }
}
