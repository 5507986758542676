package dev.synscope.probe.stats;

import dev.synscope.schema.ProbeStats;

/**
 * Turns successive {@link ProbeCounters} into {@link ProbeStats} records, one per interval, with
 * the packet rate over that interval. Lives on the capture thread.
 */
public final class StatsReporter {

    private final String probeId;
    private final String iface;
    private long lastWallMicros;
    private long lastPacketsSeen;

    public StatsReporter(String probeId, String iface, long startWallMicros) {
        this.probeId = probeId;
        this.iface = iface;
        this.lastWallMicros = startWallMicros;
    }

    /** The record for the interval ending at {@code nowWallMicros}. */
    public ProbeStats next(ProbeCounters c, long nowWallMicros) {
        long interval = Math.max(1, nowWallMicros - lastWallMicros);
        double rate = (c.packetsSeen() - lastPacketsSeen) * 1e6 / interval;
        lastWallMicros = nowWallMicros;
        lastPacketsSeen = c.packetsSeen();
        return ProbeStats.newBuilder()
                .setProbeId(probeId)
                .setIface(iface)
                .setTsMicros(nowWallMicros)
                .setIntervalMicros(interval)
                .setPacketsSeen(c.packetsSeen())
                .setPacketsDecoded(c.packetsDecoded())
                .setPacketsSkipped(c.skippedByReason())
                .setKernelReceived(c.kernel().received())
                .setKernelDropped(c.kernel().dropped())
                .setIfaceDropped(c.kernel().ifaceDropped())
                .setRecordsSent(c.recordsSent())
                .setSendErrors(c.sendErrors())
                .setBufferDroppedPackets(c.bufferDrops().packets())
                .setBufferDroppedBytes(c.bufferDrops().ipBytes())
                .setBufferDropFirstMicros(c.bufferDrops().firstMicros())
                .setBufferDropLastMicros(c.bufferDrops().lastMicros())
                .setPacketsPerSecond(rate)
                .build();
    }
}
