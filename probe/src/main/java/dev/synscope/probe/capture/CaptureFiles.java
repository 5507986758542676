package dev.synscope.probe.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a capture file as pcap or pcapng, recognised by its first four bytes (not its name). */
public final class CaptureFiles {

    private CaptureFiles() {
    }

    /**
     * @throws NoSuchFileException      when the file does not exist
     * @throws java.nio.file.AccessDeniedException when it cannot be read
     * @throws CaptureFormatException   when it is neither pcap nor pcapng
     */
    public static FrameSource open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + " is a directory, not a capture file");
        }
        FileWindow window = new FileWindow(path, FileWindow.DEFAULT_SIZE, PcapNgFileReader.MAX_BLOCK);
        try {
            if (!window.ensure(4)) {
                throw new CaptureFormatException(path, 0, "file too short to be a capture ("
                        + window.available() + " bytes)");
            }
            int magic = window.i32(window.position(), true);
            if (magic == PcapNgFileReader.SECTION_HEADER) {
                return PcapNgFileReader.open(window);
            }
            return PcapFileReader.open(window);
        } catch (IOException | RuntimeException e) {
            window.close();
            throw e;
        }
    }
}
