/**
 * Every anomaly rule of the streams app, one file per kind of evidence; the processors only wire
 * them (read state, call the rule, forward what it raises). Severity and likely cause of each type:
 * {@link dev.synscope.streams.anomaly.AnomalyCatalog}.
 *
 * <table>
 *   <caption>Which file decides each {@code AnomalyType}</caption>
 *   <tr><th>anomaly type</th><th>decided in</th><th>proved by</th></tr>
 *   <tr><td>CONNECTION_REFUSED</td><td>{@link dev.synscope.streams.anomaly.PacketEventDetector}
 *       (TTL check: {@link dev.synscope.streams.anomaly.ResponderTtls})</td><td>one packet: RST answering the SYN</td></tr>
 *   <tr><td>HOST_UNREACHABLE, NET_UNREACHABLE, PORT_UNREACHABLE, ADMIN_PROHIBITED</td>
 *       <td>{@link dev.synscope.streams.anomaly.PacketEventDetector}, type/code map
 *       {@link dev.synscope.streams.anomaly.IcmpErrors}</td><td>one packet: an ICMP error quoting the connection</td></tr>
 *   <tr><td>SEQUENCE_MISMATCH, RESET_MIDSTREAM, ONE_SIDED_FLOW, RETRANSMISSION_STORM</td>
 *       <td>{@link dev.synscope.streams.anomaly.PacketEventDetector}</td><td>one packet</td></tr>
 *   <tr><td>ZERO_WINDOW_STALL</td><td>{@link dev.synscope.streams.anomaly.PacketEventDetector} (the window
 *       opened late) and {@link dev.synscope.streams.anomaly.TimedConditionAnomalies} (still zero)</td>
 *       <td>a packet, or time</td></tr>
 *   <tr><td>CONNECT_TIMEOUT, HALF_OPEN, CLOSE_WAIT_STUCK</td>
 *       <td>{@link dev.synscope.streams.anomaly.TimedConditionAnomalies} (deadlines:
 *       {@code timeouts.ConnectionTimeouts})</td><td>time: a deadline passed</td></tr>
 *   <tr><td>SYN_FLOOD, CLOSE_WAIT_LEAK</td><td>{@link dev.synscope.streams.anomaly.EndpointAggregateRules}
 *       (wired by {@code endpoint.EndpointStatsProcessor}; the conditions counted are aged by the timeout sweep,
 *       {@code endpoint.AgedConditions})</td><td>an endpoint's aggregate of conditions that lasted (handshakes
 *       incomplete for synFloodMinAge, CLOSE_WAITs idle for closeWaitLeakMinAge) crossed a threshold</td></tr>
 *   <tr><td>OTHER</td><td>not raised: an ICMP error {@link dev.synscope.streams.anomaly.IcmpErrors} does not
 *       classify is dropped by {@link dev.synscope.streams.anomaly.PacketEventDetector}</td><td>-</td></tr>
 * </table>
 *
 * <p>A connection's anomaly is raised once per instance ({@link dev.synscope.streams.anomaly.RaisedAnomalies});
 * an endpoint's once per crossing, re-armed below half the threshold. Events are built by
 * {@link dev.synscope.streams.anomaly.AnomalyEvents}.
 */
package dev.synscope.streams.anomaly;
