package dev.synscope.probe.publish;

/**
 * Packets the probe dropped because its bounded send buffer was full (Kafka down or too slow):
 * how many, their IP bytes on the wire, and the capture-time range they cover.
 *
 * @param firstMicros capture time of the first dropped packet, null if none
 * @param lastMicros  capture time of the latest dropped packet, null if none
 */
public record BufferDrops(long packets, long ipBytes, Long firstMicros, Long lastMicros) {

    public static final BufferDrops NONE = new BufferDrops(0, 0, null, null);
}
