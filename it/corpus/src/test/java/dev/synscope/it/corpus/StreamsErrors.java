package dev.synscope.it.corpus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What reached Kafka Streams' own exception handlers during a trace. In production those handlers log
 * and continue (or dead-letter); here any call means a record escaped the topology's guards, which on
 * a real app is a thread replaced or a record skipped without our dead letter: the harness fails on it.
 * One trace runs at a time, so one list serves; {@link #drain()} empties it per trace.
 */
final class StreamsErrors {

    private static final List<String> SEEN = new CopyOnWriteArrayList<>();

    private StreamsErrors() {
    }

    static List<String> drain() {
        List<String> copy = List.copyOf(SEEN);
        SEEN.clear();
        return copy;
    }

    private static void note(String where, Exception e) {
        StackTraceElement[] stack = e.getStackTrace();
        SEEN.add(where + ": " + e + (stack.length > 0 ? " at " + stack[0] : ""));
    }

    /** Counts a processing exception and lets the task go on (so one trace shows every problem it has). */
    public static final class Processing implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            note("processing in " + context.processorNodeId(), exception);
            return Response.resume();
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    /** Counts a deserialization exception and lets the task go on. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                    Exception exception) {
            note("deserialization", exception);
            return Response.resume();
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
