package dev.peercode.planner.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.peercode.planner.delta.DeltaDraft;

/**
 * Writes the outbox rows of a delta in the transaction that appends it (called by {@code DeltaLog} on
 * both of its paths): one row per webhook of the project subscribed to the delta's kind, or none. Deltas
 * no webhook can report (most of them: lock acquisitions, task updates) cost nothing, not even a query.
 */
@ApplicationScoped
public class WebhookOutbox {

    private static final String ENQUEUE = """
            insert into webhook_delivery (webhook_id, project_id, seq, kind, event_id, status, attempts,
                                          next_attempt_at, created_at, updated_at)
            select w.id, w.project_id, ?, ?, ?, 'pending', 0, now(), now(), now()
            from webhook w
            where w.project_id = ? and w.events @> jsonb_build_array(cast(? as text))""";

    private final EntityManager em;

    public WebhookOutbox(EntityManager em) {
        this.em = em;
    }

    /** The idempotency key of the event a delta is: the same for every webhook and every attempt. */
    public static String eventId(String projectId, long seq) {
        return projectId + "." + seq;
    }

    /** The entity path: one delta, on the connection of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String projectId, long seq, DeltaDraft delta) {
        if (WebhookKinds.of(delta).isPresent()) {
            em.unwrap(Session.class).doWork(connection -> enqueue(connection, projectId, seq, List.of(delta)));
        }
    }

    /** The JDBC batch path: deltas {@code firstSeq, firstSeq + 1, …} on the caller's connection. */
    public void enqueue(Connection connection, String projectId, long firstSeq, List<DeltaDraft> deltas)
            throws SQLException {
        PreparedStatement insert = null;
        try {
            long seq = firstSeq;
            for (DeltaDraft delta : deltas) {
                long thisSeq = seq++;
                String kind = WebhookKinds.of(delta).orElse(null);
                if (kind == null) {
                    continue;
                }
                if (insert == null) {
                    insert = connection.prepareStatement(ENQUEUE);
                }
                insert.setLong(1, thisSeq);
                insert.setString(2, kind);
                insert.setString(3, eventId(projectId, thisSeq));
                insert.setString(4, projectId);
                insert.setString(5, kind);
                insert.addBatch();
            }
            if (insert != null) {
                insert.executeBatch();
            }
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
    }
}
