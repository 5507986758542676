package dev.synscope.probe.capture;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A capture file that is not pcap/pcapng or is damaged. The message names the file and the byte
 * offset of the bad structure, so a user can cut the file there ({@code editcap}, {@code dd}).
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long byteOffset;

    public CaptureFormatException(Path file, long byteOffset, String problem) {
        super(file + ": " + problem + " at byte offset " + byteOffset);
        this.file = file;
        this.byteOffset = byteOffset;
    }

    public Path file() {
        return file;
    }

    /** Offset from the start of the file of the record or block that could not be read. */
    public long byteOffset() {
        return byteOffset;
    }
}
