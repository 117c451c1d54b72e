package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.config.EnricherFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every enricher folder's contract fixtures ({@code enrichers/<folder>/contract/*.json}): the enricher is
 * built from its own {@code enricher.yaml} through {@link EnricherRegistry}, fed the example upstream answer,
 * and the merged fragment must equal the expected one ({@link ContractCheck}). Adding a folder adds its checks.
 */
class EnricherContractTest {

    private static final Path ENRICHERS = Path.of("..", "enrichers");
    private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1);
    private static final ContractCheck CHECK = new ContractCheck(EnricherRegistry.load(), EXECUTOR, TIMER);

    @AfterAll
    static void shutdown() {
        EXECUTOR.shutdownNow();
        TIMER.shutdownNow();
    }

    @TestFactory
    Stream<DynamicNode> everyEnricherFolderMeetsItsContract() throws IOException {
        List<DynamicNode> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(ENRICHERS)) {
            for (Path folder : children.filter(p -> Files.isRegularFile(p.resolve(EnricherFolders.FILE_NAME)))
                    .sorted().toList()) {
                folders.add(DynamicContainer.dynamicContainer(folder.getFileName().toString(), cases(folder)));
            }
        }
        assertFalse(folders.isEmpty(), "no enricher folders found under " + ENRICHERS.toAbsolutePath());
        return folders.stream();
    }

    private static Stream<DynamicNode> cases(Path folder) throws IOException {
        Path contract = folder.resolve("contract");
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("has contract fixtures", () -> assertTrue(Files.isDirectory(contract)
                && hasJson(contract), folder + " must hold contract/*.json fixtures")));
        if (Files.isDirectory(contract)) {
            try (Stream<Path> files = Files.list(contract)) {
                files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(file -> tests.add(
                        DynamicTest.dynamicTest(file.getFileName().toString(), () -> CHECK.check(folder, file))));
            }
        }
        return tests.stream();
    }

    private static boolean hasJson(Path contract) throws IOException {
        try (Stream<Path> files = Files.list(contract)) {
            return files.anyMatch(p -> p.toString().endsWith(".json"));
        }
    }
}
