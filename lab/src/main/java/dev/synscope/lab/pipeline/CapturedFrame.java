package dev.synscope.lab.pipeline;

/**
 * One frame read from a lab capture, copied out of the file (lab volumes are small; the probe's
 * zero-copy path is for production rates).
 *
 * @param tsMicros   capture time, microseconds since the Unix epoch (the kernel's clock, as {@code ss}'s snapshots)
 * @param dlt        the capture's link type (pcap LINKTYPE number)
 * @param data       the captured bytes (at most the snaplen)
 * @param wireLength length of the frame on the wire
 */
public record CapturedFrame(long tsMicros, int dlt, byte[] data, int wireLength) {
}
