package dev.peercode.planner.delta;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.peercode.planner.error.Problems;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Reading the delta log (pages, durable cursors, long-poll) and agent-pushed deltas. */
@ApplicationScoped
public class DeltaService {

    private final EntityManager em;
    private final DeltaLog log;
    private final DeltaNotifier notifier;
    private final DeltaReader reader;

    public DeltaService(EntityManager em, DeltaLog log, DeltaNotifier notifier, DeltaReader reader) {
        this.em = em;
        this.log = log;
        this.notifier = notifier;
        this.reader = reader;
    }

    /**
     * One page, immediately. Reads {@code last_seq} first and then only deltas up to it: every delta up
     * to a committed {@code last_seq} is committed too (commit order = seq order), so the page and its
     * cursor describe one consistent prefix of the log, whatever commits in between.
     * <p>
     * Cheap on purpose, it is the call agents make most: one statement for {@code last_seq} and the
     * session's cursor, one keyset range scan on the primary key {@code (project_id, seq)} with
     * {@code LIMIT}, rows mapped straight to views (no managed entities, whose JSON columns Hibernate
     * deep-copies for dirty checking), and the cursor written only when it moves forward.
     */
    @Transactional
    public DeltaPage read(DeltaQuery q) {
        Object[] positions = positions(q.projectId(), q.session());
        long lastSeq = ((Number) positions[0]).longValue();
        long cursor = positions[1] == null ? 0 : ((Number) positions[1]).longValue();
        long start = q.after() != null ? q.after() : cursor;
        List<DeltaView> rows = reader.page(q.projectId(), start, lastSeq, q.types(), q.excludeActor(), q.limit() + 1);
        boolean hasMore = rows.size() > q.limit();
        List<DeltaView> page = hasMore ? rows.subList(0, q.limit()) : rows;
        long next = hasMore ? page.get(page.size() - 1).seq() : Math.max(start, lastSeq);
        if (q.session() != null && next > cursor) {
            advanceCursor(q.projectId(), q.session(), next);
        }
        return new DeltaPage(page, next, hasMore, lastSeq);
    }

    /**
     * A page, waiting up to {@code wait} for one when there is nothing yet. The wait holds no thread:
     * a waiter registered before each read is completed by the next commit on the project.
     */
    public Uni<DeltaPage> poll(DeltaQuery q, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        return pollUntil(q, deadline);
    }

    private Uni<DeltaPage> pollUntil(DeltaQuery q, long deadline) {
        CompletableFuture<Void> wake = notifier.register(q.projectId());
        DeltaPage page;
        try {
            page = read(q);
        } catch (RuntimeException e) {
            notifier.cancel(q.projectId(), wake);
            throw e;
        }
        long remaining = deadline - System.nanoTime();
        if (!page.deltas().isEmpty() || remaining <= 0) {
            notifier.cancel(q.projectId(), wake);
            return Uni.createFrom().item(page);
        }
        DeltaQuery next = q.after(page.nextCursor());
        return Uni.createFrom().completionStage(wake)
                .ifNoItem().after(Duration.ofNanos(remaining)).recoverWithItem(() -> null)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(ignored -> {
                    notifier.cancel(q.projectId(), wake);
                    return pollUntil(next, deadline);
                });
    }

    /** An agent's broadcast: discovery, decision, warning, blocker, handoff or note. */
    @Transactional
    public DeltaView push(String projectId, DeltaDraft draft) {
        log.lockProject(projectId);
        return log.append(projectId, draft);
    }

    /** The project's {@code last_seq} and the session's cursor (null without one): one round trip; 404 if no project. */
    private Object[] positions(String projectId, String session) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select p.last_seq, c.last_seq from project p
                left join delta_cursor c on c.project_id = p.id and c.session = ?2
                where p.id = ?1""").setParameter(1, projectId).setParameter(2, session == null ? "" : session)
                .getResultList();
        if (rows.isEmpty()) {
            throw Problems.notFound("project", projectId);
        }
        return rows.get(0);
    }

    /**
     * Monotonic: a late, slower reader never moves a session's cursor backwards. Committed without
     * waiting for the WAL flush ({@code synchronous_commit = off}, this transaction only): the cursor is a
     * convenience, and a PostgreSQL crash can at worst lose its last advances, so the session is given
     * those deltas again; never one it has not seen. Every other write keeps the durable commit.
     */
    private void advanceCursor(String projectId, String session, long seq) {
        em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
        em.createNativeQuery("""
                insert into delta_cursor (project_id, session, last_seq, updated_at) values (?1, ?2, ?3, now())
                on conflict (project_id, session)
                do update set last_seq = greatest(delta_cursor.last_seq, excluded.last_seq), updated_at = now()
                """).setParameter(1, projectId).setParameter(2, session).setParameter(3, seq).executeUpdate();
    }
}
