package dev.synscope.streams.state;

/** A header observation that cannot belong to the connection key it was applied with (a bad record: DLQ it). */
public final class ObservationMismatchException extends IllegalArgumentException {

    public ObservationMismatchException(String message) {
        super(message);
    }
}
