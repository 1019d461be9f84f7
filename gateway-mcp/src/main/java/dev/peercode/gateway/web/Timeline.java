package dev.peercode.gateway.web;

import java.util.List;
import java.util.Set;

import dev.peercode.api.planner.DeltaView;

/**
 * One page of the delta log, newest first, with the filters that made it. {@code older} is the
 * {@code before} of the next page, null on the first entry of the log; {@code newest} says the page ends
 * at the newest delta, so it follows the live stream (an older page stays as it is).
 */
record Timeline(List<Entry> entries, String type, String session, Long older, boolean newest) {

    /** Kinds a person should not miss: what agents found out and what stops them. */
    private static final Set<String> HIGHLIGHTED = Set.of("discovery", "blocker", "warning", "debate.escalated",
            "lock.force_released", "session.idle");

    /** Every delta type, grouped as the filter offers them. */
    static final List<String> TYPES = List.of("discovery", "decision", "warning", "blocker", "handoff", "note",
            "task.created", "task.updated", "task.claimed", "task.moved", "phase.created", "phase.moved",
            "plan.revised", "debate.started", "debate.responded", "debate.resolved", "debate.escalated",
            "debate.decided", "debate.withdrawn", "lock.acquired", "lock.renewed", "lock.released",
            "lock.force_released", "lock.expired", "sync.granted", "sync.queued", "sync.completed", "sync.aborted",
            "sync.expired", "session.idle", "project.created", "member.added", "member.role_changed", "member.removed");

    record Entry(DeltaView delta, boolean highlighted) {
    }

    static Entry entry(DeltaView d) {
        return new Entry(d, HIGHLIGHTED.contains(d.type()));
    }

    public List<String> types() {
        return TYPES;
    }
}
