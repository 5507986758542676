package dev.synscope.lab.pipeline;

import dev.synscope.lab.diagnosis.WireSightings;
import dev.synscope.lab.net.LabNetwork;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.probe.publish.PublishSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's two probes for a whole session: tcpdump captures in the client and server namespaces
 * ({@link #DEVICES}) from the moment the lab is up (so nothing between scenarios is missed, as with a real probe that
 * never stops), read back in time slices and published through the probe's decoder and publisher.
 *
 * <p>{@link #feedUntil} publishes, in capture-time order across both vantages, every frame captured
 * before an instant, then a heartbeat at that instant from both probes: afterwards the headers
 * topic says "this is everything both probes saw up to T". Ordering across the two producers is
 * kept by waiting for both to be acknowledged at every {@link #STEP_MICROS} of capture time, so no
 * vantage runs ahead of the other by more than that.
 */
public final class LabProbes implements AutoCloseable {

    /** Largest stretch of capture time one vantage may be published ahead of the other. */
    static final long STEP_MICROS = 200_000;

    /**
     * The interfaces each vantage's probe captures, as a probe with {@code --iface any} on that host
     * would: the client's loopback too, where its own stack reports "no route to host" for a
     * neighbour that never answered ARP (that SYN never reaches veth-c).
     */
    static final Map<Vantage, List<String>> DEVICES = Map.of(
            Vantage.CLIENT, List.of(Vantage.CLIENT.device(), "lo"),
            Vantage.SERVER, List.of(Vantage.SERVER.device()));

    private final Map<PcapTail, Vantage> tails = new java.util.LinkedHashMap<>();
    private final Map<Vantage, VantageProbe> probes = new EnumMap<>(Vantage.class);
    private long fedUntilMicros = Long.MIN_VALUE;

    private LabProbes() {
    }

    /**
     * Starts a capture at each vantage of {@code lab} (files in {@code dir}, stopped when the lab
     * closes) and a publisher per vantage.
     */
    public static LabProbes start(LabNetwork lab, Path dir, PublishSettings settings) {
        LabProbes probes = new LabProbes();
        try {
            for (Vantage v : Vantage.values()) {
                for (String device : DEVICES.get(v)) {
                    Path file = dir.resolve("session-" + v.label() + (device.equals(v.device()) ? "" : "-" + device)
                            + ".pcap");
                    lab.capture(v.role(), device, file);
                    probes.tails.put(new PcapTail(file), v);
                }
                probes.probes.put(v, new VantageProbe(v, settings));
            }
            return probes;
        } catch (RuntimeException e) {
            probes.close();
            throw e;
        }
    }

    /** The session captures of a vantage (for a person who wants to open them in Wireshark). */
    public List<Path> captureFiles(Vantage vantage) {
        return tails.entrySet().stream().filter(e -> e.getValue() == vantage).map(e -> e.getKey().file()).toList();
    }

    /**
     * Publishes every frame captured before {@code cutMicros} not published yet, in time order, then
     * a heartbeat at {@code cutMicros}; returns when Kafka has acknowledged all of it. A cut at or
     * before the previous one publishes nothing.
     */
    public void feedUntil(long cutMicros) throws IOException, InterruptedException {
        if (cutMicros <= fedUntilMicros) {
            return;
        }
        record Tagged(Vantage vantage, CapturedFrame frame) {
        }
        List<Tagged> frames = new ArrayList<>();
        for (Map.Entry<PcapTail, Vantage> tail : tails.entrySet()) {
            tail.getKey().readBefore(cutMicros).forEach(f -> frames.add(new Tagged(tail.getValue(), f)));
        }
        // stable: a vantage's own frames keep their file order when two carry the same time
        frames.sort(Comparator.comparingLong(t -> t.frame().tsMicros()));
        long stepEnd = Long.MIN_VALUE;
        for (Tagged t : frames) {
            if (t.frame().tsMicros() >= stepEnd) {
                awaitDelivered();
                stepEnd = t.frame().tsMicros() + STEP_MICROS;
            }
            probes.get(t.vantage()).offer(t.frame());
        }
        for (VantageProbe p : probes.values()) {
            p.heartbeat(cutMicros);
        }
        awaitDelivered();
        fedUntilMicros = cutMicros;
    }

    /** The connections each vantage has seen on the wire so far. */
    public WireSightings sightings() {
        Map<Vantage, java.util.Set<WireSightings.Pair>> pairs = new EnumMap<>(Vantage.class);
        probes.forEach((v, p) -> pairs.put(v, p.seen()));
        return new WireSightings(pairs);
    }

    /** Headers published per vantage so far. */
    public Map<Vantage, Long> published() {
        Map<Vantage, Long> out = new EnumMap<>(Vantage.class);
        probes.forEach((v, p) -> out.put(v, p.published()));
        return out;
    }

    private void awaitDelivered() throws InterruptedException {
        for (VantageProbe p : probes.values()) {
            p.awaitDelivered();
        }
    }

    @Override
    public void close() {
        probes.values().forEach(VantageProbe::close);
        for (PcapTail tail : tails.keySet()) {
            try {
                tail.close();
            } catch (IOException e) {
                // the capture files are the lab's; nothing to lose by not closing a reader cleanly
            }
        }
    }
}
