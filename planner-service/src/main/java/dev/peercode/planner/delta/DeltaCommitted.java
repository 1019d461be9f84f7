package dev.peercode.planner.delta;

/** Fired for each appended delta; observers run after the transaction commits. */
public record DeltaCommitted(String projectId, long seq) {
}
