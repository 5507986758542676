/**
 * The streams app: a Kafka Streams topology keyed by connection tuple that keeps per-connection
 * TCP state ({@code state}), expires it ({@code timeouts}), aggregates per endpoint
 * ({@code endpoint}) and raises anomaly events ({@code anomaly}).
 */
package dev.synscope.streams;
