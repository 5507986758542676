package dev.synscope.it.scaleout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * For {@link ScaleDemo}: SIGKILLs one instance and polls the survivor's API twice a second, printing
 * each change of status with its Retry-After, until the survivor answers 200 again and the consumer
 * group has settled on it alone (the killed instance's partitions moved).
 */
final class FailoverWatch {

    private static final long POLL_MILLIS = 500;

    private FailoverWatch() {
    }

    static void run(StreamsInstance victim, StreamsInstance survivor, String query, BooleanSupplier settled,
                    Duration timeout) {
        Map<String, Integer> seen = new TreeMap<>();
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        victim.kill();
        ScaleDemo.say(String.format("%5.1f s  %s killed (SIGKILL)", seconds(begin), victim.name()));
        String previous = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = survivor.get(query);
            String status = describe(r);
            seen.merge(status, 1, Integer::sum);
            // a new line when the status or the reason changes (peer gone -> rebalancing -> answered)
            String now = status + (r != null && r.statusCode() == 503 ? ": " + message(r.body()) : "");
            if (!now.equals(previous)) {
                ScaleDemo.say(String.format("%5.1f s  %s answers %s", seconds(begin), survivor.name(), now));
                previous = now;
            }
            if (r != null && r.statusCode() == 200 && settled.getAsBoolean()) {
                ScaleDemo.say(String.format("%5.1f s  group settled: %s owns every partition; answers seen %s",
                        seconds(begin), survivor.name(), seen));
                return;
            }
            ScaleDemo.pause(POLL_MILLIS);
        }
        throw new IllegalStateException(survivor.name() + " did not take over within " + timeout + "; answers seen "
                + seen);
    }

    /** {@code 200}, {@code 503 Retry-After 2}, {@code 503 without Retry-After} or {@code no answer}. */
    private static String describe(HttpResponse<String> r) {
        if (r == null) {
            return "no answer";
        }
        if (r.statusCode() != 503) {
            return Integer.toString(r.statusCode());
        }
        return "503 " + r.headers().firstValue("Retry-After").map(s -> "Retry-After " + s)
                .orElse("without Retry-After");
    }

    private static String message(String body) {
        String m = body;
        try {
            m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("message").asText(body);
        } catch (java.io.IOException e) {
            // not JSON: show it as it is
        }
        return m.length() > 100 ? m.substring(0, 100) + "..." : m;
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }
}
