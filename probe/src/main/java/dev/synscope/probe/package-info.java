/**
 * The probe: {@code capture} (pcap4j, live or file), {@code decode} (raw bytes to a flat header
 * observation, no allocation on the hot path), {@code publish} (Kafka, keyed by canonical tuple,
 * bounded buffer with drop accounting) and {@code stats}.
 */
package dev.synscope.probe;
