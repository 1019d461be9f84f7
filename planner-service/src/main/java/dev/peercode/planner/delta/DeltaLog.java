package dev.peercode.planner.delta;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.DeltaView;
import dev.peercode.planner.error.Problems;
import dev.peercode.planner.webhook.WebhookOutbox;

/**
 * The append side of the delta log. Every mutating transaction first calls {@link #lockProject}, which
 * takes the project's row lock and holds it until commit: mutations of one project are serialised, seq
 * is gapless, and commit order equals seq order, so a reader of "after N" can never miss a delta.
 * Taking the lock first (not last) also gives one lock order for every transaction: no deadlocks.
 * Both append paths write the webhook outbox rows of what they append in the same transaction
 * ({@link WebhookOutbox}): a committed delta always has its deliveries, a rolled-back one never.
 */
@ApplicationScoped
public class DeltaLog {

    private static final int MAX_SUMMARY = 500;

    private final EntityManager em;
    private final Event<DeltaCommitted> committed;
    private final ObjectMapper json;
    private final WebhookOutbox outbox;

    public DeltaLog(EntityManager em, Event<DeltaCommitted> committed, ObjectMapper json, WebhookOutbox outbox) {
        this.em = em;
        this.committed = committed;
        this.json = json;
        this.outbox = outbox;
    }

    /** Locks the project row for the rest of the transaction; 404 if the project does not exist. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lockProject(String projectId) {
        return lockIfExists(projectId).orElseThrow(() -> Problems.notFound("project", projectId));
    }

    /** {@link #lockProject}, for a caller that skips unknown projects: their last seq, or empty. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalLong lockIfExists(String projectId) {
        @SuppressWarnings("unchecked")
        List<Number> seq = em.createNativeQuery("select last_seq from project where id = ?1 for update")
                .setParameter(1, projectId).getResultList();
        return seq.isEmpty() ? OptionalLong.empty() : OptionalLong.of(seq.get(0).longValue());
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
        delta.summary = summary(draft);
        delta.data = draft.data();
        delta.taskIds = draft.taskIds();
        delta.paths = draft.paths();
        delta.sourceEntryId = draft.sourceEntryId();
        em.persist(delta);
        outbox.enqueue(projectId, seq, draft);
        committed.fire(new DeltaCommitted(projectId, seq));
        return Delta.view(delta);
    }

    /**
     * Appends several deltas of one project, in order, as one JDBC batch: seqs {@code last + 1 …}, one
     * {@code last_seq} update, one wake-up after commit. The path the lock service's events take (a
     * few per lock call): no managed entities, so no dirty checking and no flush per statement, which
     * made the entity path's cost grow with the batch (BENCHMARKS.md). The caller holds the project lock
     * ({@link #lockIfExists}) and passes the {@code lastSeq} it returned.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(String projectId, long lastSeq, List<DeltaDraft> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(Instant.now());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into delta (project_id, seq, type, actor, at, summary, data, task_ids, paths, source_entry_id)
                    values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?)""")) {
                long seq = lastSeq;
                for (DeltaDraft draft : drafts) {
                    insert.setString(1, projectId);
                    insert.setLong(2, ++seq);
                    insert.setString(3, draft.type());
                    insert.setString(4, draft.actor());
                    insert.setTimestamp(5, at);
                    insert.setString(6, summary(draft));
                    insert.setString(7, toJson(draft.data()));
                    insert.setString(8, toJson(draft.taskIds()));
                    insert.setString(9, toJson(draft.paths()));
                    insert.setString(10, draft.sourceEntryId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement advance = connection.prepareStatement("update project set last_seq = ? where id = ?")) {
                advance.setLong(1, lastSeq + drafts.size());
                advance.setString(2, projectId);
                advance.executeUpdate();
            }
            outbox.enqueue(connection, projectId, lastSeq + 1, drafts);
        });
        committed.fire(new DeltaCommitted(projectId, lastSeq + drafts.size()));
    }

    private static String summary(DeltaDraft draft) {
        String summary = draft.summary();
        return summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY - 3) + "..." : summary;
    }

    private String toJson(Object value) throws SQLException {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
