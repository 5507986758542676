package dev.synscope.streams.query.anomalies;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.AvroJson;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code GET /anomalies}: recent anomalies from the ring, newest first. {@code GET /anomalies/stream}:
 * Server-Sent Events, one {@code event: anomaly} per new anomaly (data = the same JSON), a comment
 * line every 15 s to keep proxies from closing the stream, {@code replay=N} to start with the N
 * most recent. A client that falls behind by more than 1000 events is disconnected (it reconnects
 * and replays) rather than let memory grow.
 */
public final class AnomaliesResource {

    public static final int MAX_LIMIT = 1000;
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final int CLIENT_BACKLOG = 1000;
    private static final Set<String> LIST_PARAMETERS = with(AnomalyFilter.PARAMETERS, "limit");
    private static final Set<String> STREAM_PARAMETERS = with(AnomalyFilter.PARAMETERS, "replay");

    private final AnomalyRing ring;
    private final int maxClients;
    private final AtomicInteger clients = new AtomicInteger();
    private volatile boolean closing;

    public AnomaliesResource(AnomalyRing ring, int maxClients) {
        this.ring = ring;
        this.maxClients = maxClients;
    }

    public void list(ApiRequest request) throws IOException {
        request.query().allowOnly(LIST_PARAMETERS);
        AnomalyFilter filter = AnomalyFilter.from(request.query());
        int limit = request.query().intValue("limit", 100, 1, MAX_LIMIT);
        ArrayNode items = Json.array();
        ring.recent(filter, limit).forEach(e -> items.add(AvroJson.toJson(e)));
        ObjectNode body = Json.object();
        body.put("count", items.size());
        body.put("held", ring.size());
        body.set("items", items);
        request.json(200, body);
    }

    public void stream(ApiRequest request) throws IOException {
        request.query().allowOnly(STREAM_PARAMETERS);
        AnomalyFilter filter = AnomalyFilter.from(request.query());
        int replay = request.query().intValue("replay", 0, 0, MAX_LIMIT);
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            throw ApiException.unavailable("too many anomaly stream clients (" + maxClients + "); retry later", 10);
        }
        BlockingQueue<AnomalyEvent> backlog = new ArrayBlockingQueue<>(CLIENT_BACKLOG);
        AtomicInteger overflowed = new AtomicInteger();
        Consumer<AnomalyEvent> listener = e -> {
            if (filter.matches(e) && !backlog.offer(e)) {
                overflowed.incrementAndGet();
            }
        };
        ring.subscribe(listener);
        try {
            var headers = request.exchange().getResponseHeaders();
            headers.set("Content-Type", "text/event-stream; charset=utf-8");
            headers.set("Cache-Control", "no-store");
            headers.set("X-Accel-Buffering", "no");
            request.exchange().sendResponseHeaders(200, 0);
            OutputStream out = request.exchange().getResponseBody();
            write(out, "retry: 3000\n\n");
            List<AnomalyEvent> first = ring.recent(filter, replay);
            for (int i = first.size() - 1; i >= 0; i--) {
                send(out, first.get(i));
            }
            long lastWrite = System.nanoTime();
            while (!closing && overflowed.get() == 0) {
                // short polls so a server stop ends the stream within a second
                AnomalyEvent e = backlog.poll(1, TimeUnit.SECONDS);
                if (e != null) {
                    send(out, e);
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite >= KEEPALIVE.toNanos()) {
                    write(out, ": keepalive\n\n");
                    lastWrite = System.nanoTime();
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ring.unsubscribe(listener);
            clients.decrementAndGet();
        }
    }

    /** Ends every open stream (server stop). */
    public void close() {
        closing = true;
    }

    public int clients() {
        return clients.get();
    }

    private static void send(OutputStream out, AnomalyEvent e) throws IOException {
        String data = Json.MAPPER.writeValueAsString(AvroJson.toJson(e));
        write(out, "id: " + e.getEventId() + "\nevent: anomaly\ndata: " + data + "\n\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Set<String> with(Set<String> base, String extra) {
        Set<String> s = new HashSet<>(base);
        s.add(extra);
        return Set.copyOf(s);
    }
}
