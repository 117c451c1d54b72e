import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of Mosaic under load: where the CPU samples fall (self and inclusive, by method
 * and by code owner), which Mosaic methods lead into the hot code, what is allocated where, and what the GC cost.
 *
 * <pre>java bench/profile/JfrHotSpots.java recording.jfr [top-n] [requests-served-while-recording]</pre>
 */
public final class JfrHotSpots {

    /** Code owners, matched by class-name prefix in this order. */
    private static final String[][] OWNERS = {
            {"io.mosaic.", "Mosaic"},
            {"io.helidon.webserver.", "Helidon webserver"},
            {"io.helidon.webclient.", "Helidon webclient"},
            {"io.helidon.http.", "Helidon http"},
            {"io.helidon.common.", "Helidon common"},
            {"io.helidon.", "Helidon other"},
            {"com.fasterxml.jackson.", "Jackson"},
            {"java.util.concurrent.", "JDK j.u.concurrent"},
            {"java.lang.VirtualThread", "JDK virtual threads"},
            {"jdk.internal.vm.Continuation", "JDK virtual threads"},
            {"java.lang.invoke.", "JDK other"},
            {"sun.nio.", "JDK net/nio"},
            {"java.net.", "JDK net/nio"},
            {"sun.net.", "JDK net/nio"},
            {"java.io.", "JDK io"},
            {"java.", "JDK other"},
            {"jdk.", "JDK other"},
            {"sun.", "JDK other"},
    };

    /**
     * Cost centres: each CPU sample is charged to the centre of the frame nearest the top of its stack that
     * matches one (class.method prefixes), so the shares add up to at most 100%.
     */
    private static final String[][] CENTRES = {
            {"Helidon service-registry lookups (MapperManager.global() per header value)",
                    "io.helidon.service.registry.", "io.helidon.common.mapper.", "io.helidon.common.types."},
            {"JSON parse (Json.parse)", "io.mosaic.core.Json.parse"},
            {"JSON write (Json.write)", "io.mosaic.core.Json.write"},
            {"Enricher transformers", "io.mosaic.enricher."},
            {"Access log", "io.mosaic.observe.AccessLog"},
            {"Metrics, Server-Timing, correlation ids", "io.mosaic.observe.", "io.micrometer.", "io.helidon.metrics."},
            {"Routing flags (Unleash)", "io.mosaic.routing.", "io.getunleash."},
            {"Resilience (bulkheads, circuit breakers)", "io.github.resilience4j.", "io.mosaic.resilience."},
            {"Enrichment caches", "com.github.benmanes.caffeine.", "io.mosaic.cache."},
            {"Shadow comparison", "io.mosaic.shadow."},
            {"Deadline alarms (shared timer queue)", "java.util.concurrent.ScheduledThreadPoolExecutor"},
            {"Virtual-thread scheduling (park, unpark, mount)", "java.lang.VirtualThread.park",
                    "java.lang.VirtualThread.unpark", "java.lang.VirtualThread.yield", "java.lang.VirtualThread.submit",
                    "java.lang.VirtualThread.start", "java.lang.VirtualThread.afterYield",
                    "jdk.internal.vm.Continuation.yield", "java.util.concurrent.ForkJoinPool",
                    "java.util.concurrent.ThreadPerTaskExecutor"},
            {"Helidon webclient (upstream calls)", "io.helidon.webclient."},
            {"Helidon webserver (inbound HTTP)", "io.helidon.webserver."},
            {"Mosaic, other", "io.mosaic."},
            {"JFR", "jdk.jfr."},
    };

    private JfrHotSpots() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java JfrHotSpots.java recording.jfr [top-n]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        long requests = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Map<String, Long> centres = new HashMap<>();
        Duration gcCpu = Duration.ZERO;
        long heapBeforeGc = 0;
        long heapAfterLastGc = -1;
        long allocatedBetweenGcs = 0;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> selfByOwner = new HashMap<>();
        Map<String, Long> mosaicEntry = new HashMap<>();
        Map<String, Long> nativeSelf = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        long samples = 0;
        long nativeSamples = 0;
        long allocTotal = 0;
        long gcCount = 0;
        Duration gcPause = Duration.ZERO;
        Duration longestPause = Duration.ZERO;
        long exceptions = 0;
        Map<String, Long> exceptionTypes = new HashMap<>();

        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = stack.getFrames();
                        String top0 = name(frames.get(0));
                        self.merge(top0, 1L, Long::sum);
                        centres.merge(centre(frames), 1L, Long::sum);
                        selfByOwner.merge(owner(frames.get(0)), 1L, Long::sum);
                        Set<String> seen = new HashSet<>();
                        String entry = null;
                        for (RecordedFrame frame : frames) {
                            String n = name(frame);
                            if (seen.add(n)) {
                                inclusive.merge(n, 1L, Long::sum);
                            }
                            if (entry == null && n.startsWith("io.mosaic.")) {
                                entry = n;
                            }
                        }
                        if (entry != null) {
                            mosaicEntry.merge(entry, 1L, Long::sum);
                        }
                    }
                    case "jdk.NativeMethodSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        nativeSamples++;
                        nativeSelf.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        allocTotal += weight;
                        RecordedClass cls = event.getClass("objectClass");
                        allocByClass.merge(cls == null ? "?" : cls.getName(), weight, Long::sum);
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack != null) {
                            allocBySite.merge(site(stack), weight, Long::sum);
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
                        Duration longest = event.getDuration("longestPause");
                        if (longest.compareTo(longestPause) > 0) {
                            longestPause = longest;
                        }
                    }
                    case "jdk.GCCPUTime" -> gcCpu = gcCpu.plus(event.getDuration("userTime"))
                            .plus(event.getDuration("systemTime"));
                    case "jdk.GCHeapSummary" -> {
                        long used = event.getLong("heapUsed");
                        if ("Before GC".equals(event.getString("when"))) {
                            if (heapAfterLastGc >= 0 && used > heapAfterLastGc) {
                                allocatedBetweenGcs += used - heapAfterLastGc;
                            }
                            heapBeforeGc = used;
                        } else {
                            heapAfterLastGc = used;
                        }
                    }
                    case "jdk.JavaExceptionThrow", "jdk.JavaErrorThrow" -> {
                        exceptions++;
                        RecordedClass cls = event.getClass("thrownClass");
                        exceptionTypes.merge(cls == null ? "?" : cls.getName(), 1L, Long::sum);
                    }
                    default -> {
                    }
                }
            }
        }

        System.out.printf("Java execution samples: %d (threads in Java code; time blocked or in native code is not sampled here)%n", samples);
        print("CPU samples by cost centre (each sample charged to the matching frame nearest the top of its stack)",
                centres, samples, CENTRES.length + 1);
        print("CPU samples by code owner (self, top frame)", selfByOwner, samples, top);
        print("Hottest methods (self)", self, samples, top);
        print("Hottest methods (inclusive: on the stack)", inclusive, samples, top);
        print("Mosaic frames closest to the hot code (the first io.mosaic frame from the top of each sample)",
                mosaicEntry, samples, top);
        System.out.printf("%nNative method samples: %d%n", nativeSamples);
        print("Native methods (self)", nativeSelf, nativeSamples, Math.min(top, 10));
        System.out.printf("%nSampled allocation: %.1f MB in total%n", allocTotal / 1e6);
        print("Allocation by class (sampled bytes)", allocByClass, allocTotal, Math.min(top, 15));
        print("Allocation by site (first frame outside java.*/jdk.*)", allocBySite, allocTotal, Math.min(top, 15));
        System.out.printf("%nGC: %d collections, %.1f ms paused in total, longest pause %.2f ms, %.1f s of GC CPU time%n",
                gcCount, gcPause.toNanos() / 1e6, longestPause.toNanos() / 1e6, gcCpu.toNanos() / 1e9);
        if (allocatedBetweenGcs > 0) {
            System.out.printf("Heap allocated between collections: %.0f MB%s%n", allocatedBetweenGcs / 1e6,
                    requests > 0 ? String.format(", %.0f KB per request (%d requests)",
                            allocatedBetweenGcs / 1e3 / requests, requests) : "");
        }
        if (exceptions > 0) {
            print("Exceptions thrown", exceptionTypes, exceptions, 10);
        }
    }

    private static String centre(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String n = name(frame);
            for (String[] centre : CENTRES) {
                for (int i = 1; i < centre.length; i++) {
                    if (n.startsWith(centre[i])) {
                        return centre[0];
                    }
                }
            }
        }
        return "other (JDK, Jackson, Helidon outside the request path)";
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }

    private static String owner(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        for (String[] owner : OWNERS) {
            if (type.startsWith(owner[0])) {
                return owner[1];
            }
        }
        return "other";
    }

    /** The allocating method, or the first caller outside the JDK when the allocation happens inside it. */
    private static String site(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        String first = frames.isEmpty() ? "?" : name(frames.get(0));
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                String caller = name(frame);
                return caller.equals(first) ? first : caller + " <- via " + first;
            }
        }
        return first;
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.printf("%n%s%n", title);
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        for (Map.Entry<String, Long> row : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.printf("  %5.1f%%  %s%n", total == 0 ? 0.0 : 100.0 * row.getValue() / total, row.getKey());
        }
    }
}
