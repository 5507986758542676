/** The probe's {@code /health} and {@code /metrics} (Prometheus) HTTP endpoint, for kubelet and scraping. */
package dev.synscope.probe.metrics;
