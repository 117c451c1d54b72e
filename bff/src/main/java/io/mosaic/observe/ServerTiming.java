package io.mosaic.observe;

import io.mosaic.core.CallLog;
import java.util.stream.Collectors;

/**
 * The {@code Server-Timing} header of a composed answer: one entry per upstream call, so browser devtools show
 * the fan-out as a waterfall, e.g. {@code base;dur=21.4, visual-design;dur=0.1;desc="cache-hit"}.
 */
public final class ServerTiming {

    private ServerTiming() {
    }

    public static String header(CallLog log, long totalNanos) {
        String calls = log.calls().stream().map(ServerTiming::entry).collect(Collectors.joining(", "));
        String total = "total;dur=" + millis(totalNanos);
        return calls.isEmpty() ? total : calls + ", " + total;
    }

    private static String entry(CallLog.Call call) {
        String entry = call.name() + ";dur=" + millis(call.nanos());
        return call.outcome().equals("ok") ? entry : entry + ";desc=\"" + call.outcome() + "\"";
    }

    /** Milliseconds with one decimal, without the cost of {@code String.format}. */
    static String millis(long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** Server-Timing metric names are RFC 9110 tokens; call names are made tokens once, where calls are named. */
    public static String token(String name) {
        return name.replaceAll("[^A-Za-z0-9!#$%&'*+.^_`|~-]", "_");
    }
}
