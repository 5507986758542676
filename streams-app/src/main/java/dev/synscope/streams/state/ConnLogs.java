package dev.synscope.streams.state;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.VantageStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The Zeek conn.log view of a connection (Zeek's set_conn()): duration runs from the first packet to
 * the last packet before both sides had closed (so the final ACK of a close is not included); like
 * Zeek, duration and the byte counts are left unset when the duration is zero.
 */
final class ConnLogs {

    private ConnLogs() {
    }

    static ConnLogRecord toConnLog(ConnectionState s, EndReason reason, boolean interim) {
        long duration = Math.max(0, s.getActiveUntilMicros() - s.getFirstSeenMicros());
        boolean hasDuration = duration > 0;
        List<VantageStats> vantages = new ArrayList<>(s.getVantages().size());
        for (VantageStats v : s.getVantages()) {
            vantages.add(VantageStats.newBuilder(v).build());
        }
        EndReason why = reason != null ? reason : interim ? EndReason.INTERIM : EndReason.TIMEOUT;
        return ConnLogRecord.newBuilder()
                .setTs(s.getFirstSeenMicros())
                .setUid(s.getUid())
                .setOrigH(s.getOrigAddr())
                .setOrigP(s.getOrigPort())
                .setRespH(s.getRespAddr())
                .setRespP(s.getRespPort())
                .setProto("tcp")
                .setDurationMicros(hasDuration ? duration : null)
                .setOrigBytes(hasDuration ? s.getOrigBytes() : null)
                .setRespBytes(hasDuration ? s.getRespBytes() : null)
                .setConnState(s.getConnState())
                .setMissedBytes(s.getMissedBytes())
                .setHistory(s.getHistory())
                .setOrigPkts(s.getOrigPackets())
                .setOrigIpBytes(s.getOrigIpBytes())
                .setRespPkts(s.getRespPackets())
                .setRespIpBytes(s.getRespIpBytes())
                .setEndReason(why)
                .setInterim(interim)
                .setOrigFinalState(s.getOrigState())
                .setRespFinalState(s.getRespState())
                .setOrigRetransmits(s.getOrigRetransmits())
                .setRespRetransmits(s.getRespRetransmits())
                .setSynToSynAckMicros(s.getSynToSynAckMicros())
                .setSynAckToAckMicros(s.getSynAckToAckMicros())
                .setRolesGuessed(s.getRolesGuessed())
                .setVantages(vantages)
                .build();
    }
}
