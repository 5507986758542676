package dev.synscope.streams.endpoint;

import java.util.List;

/**
 * The endpoint deltas one task produced for one endpoint since its last commit, in the order they
 * happened: one repartition record instead of one per delta. The endpoint-stats step applies them
 * one by one in that order, so counts, thresholds and evidence are the same as delta by delta.
 *
 * @param endpoint the endpoint key every delta shares ("host:port" or "host")
 * @param deltas   the deltas, oldest first
 */
public record EndpointDeltaBatch(String endpoint, List<EndpointDelta> deltas) {

    public EndpointDeltaBatch {
        deltas = List.copyOf(deltas);
        for (EndpointDelta d : deltas) {
            if (!d.endpoint().equals(endpoint)) {
                throw new IllegalArgumentException("delta for " + d.endpoint() + " in the batch of " + endpoint);
            }
        }
    }
}
