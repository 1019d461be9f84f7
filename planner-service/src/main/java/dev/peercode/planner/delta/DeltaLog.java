package dev.peercode.planner.delta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.peercode.planner.error.Problems;

/**
 * The append side of the delta log. Every mutating transaction first calls {@link #lockProject}, which
 * takes the project's row lock and holds it until commit: mutations of one project are serialised, seq
 * is gapless, and commit order equals seq order, so a reader of "after N" can never miss a delta.
 * Taking the lock first (not last) also gives one lock order for every transaction: no deadlocks.
 */
@ApplicationScoped
public class DeltaLog {

    private final EntityManager em;
    private final Event<DeltaCommitted> committed;

    public DeltaLog(EntityManager em, Event<DeltaCommitted> committed) {
        this.em = em;
        this.committed = committed;
    }

    /** Locks the project row for the rest of the transaction; 404 if the project does not exist. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lockProject(String projectId) {
        @SuppressWarnings("unchecked")
        List<Number> seq = em.createNativeQuery("select last_seq from project where id = ?1 for update")
                .setParameter(1, projectId).getResultList();
        if (seq.isEmpty()) {
            throw Problems.notFound("project", projectId);
        }
        return seq.get(0).longValue();
    }

    /**
     * The project's last committed seq (or this transaction's own, once it appended); 404 if the project
     * does not exist. Every delta up to it is committed: commit order is seq order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lastSeq(String projectId) {
        @SuppressWarnings("unchecked")
        List<Number> seq = em.createNativeQuery("select last_seq from project where id = ?1")
                .setParameter(1, projectId).getResultList();
        if (seq.isEmpty()) {
            throw Problems.notFound("project", projectId);
        }
        return seq.get(0).longValue();
    }

    /** Appends one delta under the project lock (taken here if the caller has not yet). */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeltaView append(String projectId, DeltaDraft draft) {
        lockProject(projectId);
        em.createNativeQuery("update project set last_seq = last_seq + 1 where id = ?1").setParameter(1, projectId)
                .executeUpdate();
        long seq = lastSeq(projectId);
        Delta delta = new Delta();
        delta.projectId = projectId;
        delta.seq = seq;
        delta.type = draft.type();
        delta.actor = draft.actor();
        delta.at = Instant.now();
        delta.summary = draft.summary().length() > 500 ? draft.summary().substring(0, 497) + "..." : draft.summary();
        delta.data = draft.data() == null ? Map.of() : draft.data();
        delta.taskIds = draft.taskIds() == null ? List.of() : draft.taskIds();
        delta.paths = draft.paths() == null ? List.of() : draft.paths();
        delta.sourceEntryId = draft.sourceEntryId();
        em.persist(delta);
        committed.fire(new DeltaCommitted(projectId, seq));
        return DeltaView.of(delta);
    }
}
