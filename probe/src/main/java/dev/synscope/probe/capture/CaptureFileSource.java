package dev.synscope.probe.capture;

import java.io.IOException;

/** What the two capture file formats share: a window over the file, and the file's name as the source's name. */
abstract class CaptureFileSource implements FrameSource {

    protected final FileWindow window;

    CaptureFileSource(FileWindow window) {
        this.window = window;
    }

    @Override
    public String name() {
        return String.valueOf(window.path().getFileName());
    }

    @Override
    public void close() throws IOException {
        window.close();
    }
}
