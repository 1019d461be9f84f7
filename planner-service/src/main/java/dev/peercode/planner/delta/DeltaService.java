package dev.peercode.planner.delta;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Reading the delta log (pages, durable cursors, long-poll) and agent-pushed deltas. */
@ApplicationScoped
public class DeltaService {

    private final EntityManager em;
    private final DeltaLog log;
    private final DeltaNotifier notifier;

    public DeltaService(EntityManager em, DeltaLog log, DeltaNotifier notifier) {
        this.em = em;
        this.log = log;
        this.notifier = notifier;
    }

    /**
     * One page, immediately. Reads {@code last_seq} first and then only deltas up to it: every delta up
     * to a committed {@code last_seq} is committed too (commit order = seq order), so the page and its
     * cursor describe one consistent prefix of the log, whatever commits in between.
     */
    @Transactional
    public DeltaPage read(DeltaQuery q) {
        long lastSeq = log.lastSeq(q.projectId());
        long start = q.after() != null ? q.after() : cursorOf(q.projectId(), q.session());
        StringBuilder jpql = new StringBuilder(
                "from Delta d where d.projectId = :project and d.seq > :start and d.seq <= :last");
        if (!q.types().isEmpty()) {
            jpql.append(" and d.type in :types");
        }
        if (q.excludeActor() != null) {
            jpql.append(" and (d.actor is null or d.actor <> :excluded)");
        }
        jpql.append(" order by d.seq");
        var query = em.createQuery(jpql.toString(), Delta.class).setParameter("project", q.projectId())
                .setParameter("start", start).setParameter("last", lastSeq).setMaxResults(q.limit() + 1);
        if (!q.types().isEmpty()) {
            query.setParameter("types", q.types());
        }
        if (q.excludeActor() != null) {
            query.setParameter("excluded", q.excludeActor());
        }
        List<Delta> rows = query.getResultList();
        boolean hasMore = rows.size() > q.limit();
        List<DeltaView> page = rows.stream().limit(q.limit()).map(DeltaView::of).toList();
        long next = hasMore ? page.get(page.size() - 1).seq() : Math.max(start, lastSeq);
        if (q.session() != null) {
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

    private long cursorOf(String projectId, String session) {
        if (session == null) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Number> seq = em
                .createNativeQuery("select last_seq from delta_cursor where project_id = ?1 and session = ?2")
                .setParameter(1, projectId).setParameter(2, session).getResultList();
        return seq.isEmpty() ? 0 : seq.get(0).longValue();
    }

    /** Monotonic: a late, slower reader never moves a session's cursor backwards. */
    private void advanceCursor(String projectId, String session, long seq) {
        em.createNativeQuery("""
                insert into delta_cursor (project_id, session, last_seq, updated_at) values (?1, ?2, ?3, now())
                on conflict (project_id, session)
                do update set last_seq = greatest(delta_cursor.last_seq, excluded.last_seq), updated_at = now()
                """).setParameter(1, projectId).setParameter(2, session).setParameter(3, seq).executeUpdate();
    }
}
