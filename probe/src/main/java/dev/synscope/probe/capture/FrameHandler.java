package dev.synscope.probe.capture;

import dev.synscope.probe.decode.LinkType;

/**
 * Receives captured frames from a {@link FrameSource}. The bytes are only valid during the call:
 * sources hand out a slice of a buffer they reuse, so nothing is copied per packet.
 */
@FunctionalInterface
public interface FrameHandler {

    /**
     * @param linkType       link layer of the frame, or {@code null} if its DLT is unsupported
     * @param data           buffer holding the frame (reused by the source after this call)
     * @param offset         first byte of the frame in {@code data}
     * @param capturedLength bytes captured (at most the snaplen)
     * @param wireLength     length of the frame on the wire
     * @param tsMicros       capture time, microseconds since the Unix epoch
     */
    void onFrame(LinkType linkType, byte[] data, int offset, int capturedLength, int wireLength, long tsMicros);
}
