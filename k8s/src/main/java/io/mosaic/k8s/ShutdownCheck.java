package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet waits long enough for Mosaic's shutdown: terminationGracePeriodSeconds covers a preStop sleep
 * (if any), then Mosaic's drain delay and grace period (from the pod's variables, the config file, or Mosaic's
 * defaults), plus a margin for the JVM to exit. Otherwise in-flight requests are cut off by SIGKILL.
 */
final class ShutdownCheck implements Check {

    private static final Pattern SLEEP = Pattern.compile("\\bsleep\\s+(\\d+)");

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            PodConfig config = PodConfig.of(pod);
            Duration drain = duration(config, MosaicContract.DRAIN_DELAY_KEY, MosaicContract.DEFAULT_DRAIN_DELAY,
                    pod, problems);
            Duration grace = duration(config, MosaicContract.GRACE_PERIOD_KEY, MosaicContract.DEFAULT_GRACE_PERIOD,
                    pod, problems);
            long preStop = preStopSeconds(pod.container().path("lifecycle").path("preStop"));
            Duration total = Duration.ofSeconds(preStop).plus(drain).plus(grace).plus(MosaicContract.SHUTDOWN_MARGIN);
            // Whole seconds, rounded up: PT25.9S of grace needs 26 s, not 25.
            long needed = total.toSeconds() + (total.getNano() > 0 ? 1 : 0);
            long given = pod.podSpec().path("terminationGracePeriodSeconds").asLong(30);
            if (given < needed) {
                problems.add(pod.wherePod("terminationGracePeriodSeconds"), given + " s, but shutdown needs "
                        + needed + " s: preStop " + preStop + " s + drain delay " + seconds(drain)
                        + " s + grace period " + seconds(grace) + " s + " + MosaicContract.SHUTDOWN_MARGIN.toSeconds()
                        + " s for the JVM to exit");
            }
        });
    }

    /** A duration in seconds as written: {@code 5}, {@code 25.9}. */
    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /** Seconds a preStop hook sleeps: the sleep action, or an exec of {@code sleep N}. */
    static long preStopSeconds(JsonNode preStop) {
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asLong();
        }
        Matcher sleep = SLEEP.matcher(String.join(" ", preStop.path("exec").path("command").toString()));
        return sleep.find() ? Long.parseLong(sleep.group(1)) : 0;
    }

    private static Duration duration(PodConfig config, String key, Duration defaultValue, MosaicPod pod,
                                     Problems problems) {
        String value = config.value(key).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.add(pod.where("env"), key + " '" + value + "' is not an ISO-8601 duration such as PT5S");
            return defaultValue;
        }
    }
}
