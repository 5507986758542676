package dev.synscope.streams.query.connections;

/** Which side of a connection a filter looks at: the sender of the first SYN, or the other one. */
public enum Role {
    ORIGINATOR,
    RESPONDER
}
