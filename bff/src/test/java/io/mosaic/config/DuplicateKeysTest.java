package io.mosaic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateKeysTest {

    @TempDir
    Path dir;

    private List<String> problems(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("a.yaml"), yaml);
        ConfigProblems problems = new ConfigProblems();
        DuplicateKeys.report(file, problems);
        return problems.all();
    }

    @Test
    void everyKeyGivenTwiceIsReportedWithItsPath() throws IOException {
        assertEquals(List.of(
                dir.resolve("a.yaml") + ": b.c: duplicate key, on lines 3 and 4: only the last would be used;"
                        + " give it once",
                dir.resolve("a.yaml") + ": l.1.x: duplicate key, twice on line 7: only the last would be used;"
                        + " give it once",
                dir.resolve("a.yaml") + ": a: duplicate key, on lines 1 and 8: only the last would be used;"
                        + " give it once"),
                problems("""
                        a: 1
                        b:
                          c: 2
                          c: 3
                        l:
                          - {x: 1}
                          - {x: 1, x: 2}
                        a: 4
                        """));
    }

    @Test
    void mergeKeysAndAliasesAreNotDuplicates() throws IOException {
        assertEquals(List.of(), problems("""
                base: &base {a: 1, b: 2}
                one: {<<: *base, a: 3}
                two: {<<: *base}
                """));
    }

    @Test
    void aFileThatIsNotYamlIsLeftToTheLoader() throws IOException {
        assertEquals(List.of(), problems("a: [unclosed\n"));
        assertEquals(List.of(), problems(""));
    }
}
