package dev.synscope.streams.query.anomalies;

import dev.synscope.schema.AnomalyEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The most recent anomalies, bounded, deduplicated by event id (an id is deterministic per
 * condition, so a replayed event is not shown twice), with listeners for the SSE stream. Older
 * anomalies are on the topic; this is a NOC's "what is happening now", not an archive.
 */
public final class AnomalyRing {

    private final int capacity;
    private final Deque<AnomalyEvent> events = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();
    private final List<Consumer<AnomalyEvent>> listeners = new CopyOnWriteArrayList<>();

    public AnomalyRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
    }

    /** Adds an event and tells the listeners; false (and no one told) if its id is already held. */
    public boolean add(AnomalyEvent event) {
        synchronized (this) {
            if (!ids.add(event.getEventId())) {
                return false;
            }
            events.addLast(event);
            if (events.size() > capacity) {
                ids.remove(events.removeFirst().getEventId());
            }
        }
        for (Consumer<AnomalyEvent> l : listeners) {
            l.accept(event);
        }
        return true;
    }

    /** Matching events, newest event time first, at most {@code limit}. */
    public List<AnomalyEvent> recent(AnomalyFilter filter, int limit) {
        List<AnomalyEvent> copy;
        synchronized (this) {
            copy = new ArrayList<>(events);
        }
        return copy.stream().filter(filter::matches)
                .sorted(Comparator.comparingLong(AnomalyEvent::getTsMicros).reversed()
                        .thenComparing(AnomalyEvent::getEventId))
                .limit(limit).toList();
    }

    public synchronized int size() {
        return events.size();
    }

    public void subscribe(Consumer<AnomalyEvent> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<AnomalyEvent> listener) {
        listeners.remove(listener);
    }
}
