package dev.peercode.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.peercode.api.planner.DeltaPage;
import dev.peercode.api.planner.DeltaView;
import dev.peercode.gateway.call.Always;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;

/** A page of deltas: pass {@code nextCursor} as {@code after} next time (or omit it to use your durable cursor). */
public record Deltas(@Always List<Delta> deltas, long nextCursor, boolean hasMore, long lastSeq)
        implements
            ToolAnswer {

    public static Deltas of(DeltaPage page, boolean withData) {
        return new Deltas(page.deltas().stream().map(d -> Delta.of(d, withData)).toList(), page.nextCursor(),
                page.hasMore(), page.lastSeq());
    }

    /** One delta; {@code data} only when asked for. */
    public record Delta(long seq, @OneOf( {
            "project.created", "member.added", "member.role_changed", "member.removed", "phase.created", "phase.moved",
            "task.created", "task.updated", "task.claimed", "task.moved", "debate.started", "debate.responded",
            "debate.resolved", "debate.escalated", "debate.decided", "debate.withdrawn", "plan.revised", "discovery",
            "decision", "warning", "blocker", "handoff", "note", "lock.acquired", "lock.renewed", "lock.released",
            "lock.force_released", "lock.expired", "sync.granted", "sync.queued", "sync.completed", "sync.aborted",
            "sync.expired", "session.idle" }) String type, String actor, Instant at, String summary, List<String> taskIds,
            List<String> paths, Map<String, Object> data) implements ToolAnswer{

        public static Delta of(DeltaView d, boolean withData) {
            return new Delta(d.seq(), d.type(), d.actor(), d.at(), d.summary(), d.taskIds(), d.paths(),
                    withData ? d.data() : null);
        }
    }
}
