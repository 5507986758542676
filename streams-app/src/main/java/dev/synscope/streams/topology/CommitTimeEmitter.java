package dev.synscope.streams.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Lets a processor forward what it held back (latest table rows, batched endpoint deltas) right before
 * its task commits, inside the same transaction as the state it describes: the way Kafka Streams' own
 * KTable cache emits on commit. The hook is the {@link ObjectCacheStore}'s {@code flushCache}, which
 * Kafka Streams calls in {@code prepareCommit} before it flushes the producer and commits offsets; at
 * that moment no processor is current, so the emitter makes its processor current while it forwards.
 *
 * <p>This uses Kafka Streams internals ({@link InternalProcessorContext}, as the KTable cache flush
 * listener does); the TopologyTestDriver tests exercise it on every record, since the driver commits
 * after each one.
 *
 * <p>The emission must only forward: a store written from it would miss the commit when its own
 * flush already ran.
 */
final class CommitTimeEmitter {

    private CommitTimeEmitter() {
    }

    /**
     * Runs {@code emit} before every commit of the task owning {@code storeName}, with the calling
     * processor as the forwarding node. Call from {@code Processor#init}.
     */
    static void register(ProcessorContext<?, ?> context, String storeName, Runnable emit) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
            throw new IllegalStateException("commit-time emission needs Kafka Streams' processor context, got "
                    + context.getClass().getName());
        }
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        if (node == null) {
            throw new IllegalStateException("commit-time emission must be registered from Processor#init");
        }
        cacheStore(context.getStateStore(storeName)).beforeFlush(() -> {
            ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
            ProcessorRecordContext previousRecord = internal.recordContext();
            internal.setCurrentNode(node);
            if (previousRecord == null) {
                internal.setRecordContext(new ProcessorRecordContext(internal.currentSystemTimeMs(), -1, -1, null,
                        new RecordHeaders()));
            }
            try {
                emit.run();
            } finally {
                internal.setCurrentNode(previousNode);
                internal.setRecordContext(previousRecord);
            }
        });
    }

    private static ObjectCacheStore<?, ?> cacheStore(StateStore store) {
        StateStore s = store;
        while (!(s instanceof ObjectCacheStore<?, ?>) && s instanceof WrappedStateStore<?, ?, ?> w) {
            s = w.wrapped();
        }
        if (s instanceof ObjectCacheStore<?, ?> cache) {
            return cache;
        }
        throw new IllegalStateException("store " + store.name() + " has no object cache to hook commits on");
    }
}
