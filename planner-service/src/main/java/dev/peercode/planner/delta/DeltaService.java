package dev.peercode.planner.delta;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.peercode.api.planner.DeltaPage;
import dev.peercode.api.planner.DeltaView;
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
        Cursors cursors = new Cursors(q.session() == null ? Map.of()
                : Map.of(q.session(), positions[1] == null ? 0L : ((Number) positions[1]).longValue()));
        long start = cursors.start(q);
        DeltaPage page = cursors.given(q, start, lastSeq,
                reader.page(q.projectId(), start, lastSeq, q.types(), q.excludeActor(), q.limit() + 1));
        cursors.write(q.projectId());
        return page;
    }

    /**
     * Many reads of one project at once (the gateway's waiting reads, woken by one delta), answered as
     * if {@link #read} had run for each of them in order, in one transaction: one {@code last_seq}, one
     * statement for all the sessions' cursors, one scan of the log from the lowest start (unfiltered, up
     * to the largest page; each read takes its own filter's rows from it), one statement advancing the
     * cursors. A read the scan does not cover (a start far behind the others) reads its own page. A
     * session read twice sees the cursor the first read left.
     */
    @Transactional
    public List<DeltaPage> readAll(String projectId, List<DeltaQuery> reads) {
        long lastSeq = lastSeq(projectId);
        Cursors cursors = new Cursors(cursorsOf(projectId,
                reads.stream().map(DeltaQuery::session).filter(Objects::nonNull).collect(Collectors.toSet())));
        long lowest = reads.stream().mapToLong(cursors::start).min().orElse(lastSeq);
        int scanLimit = reads.stream().mapToInt(DeltaQuery::limit).max().orElse(0) + 1;
        List<DeltaView> scanned = lowest >= lastSeq ? List.of()
                : reader.page(projectId, lowest, lastSeq, Set.of(), null, scanLimit);
        // the scan read the log up to here; beyond it a read needs its own page
        long covered = scanned.size() < scanLimit ? lastSeq : scanned.get(scanned.size() - 1).seq();
        List<DeltaPage> pages = new ArrayList<>(reads.size());
        for (DeltaQuery q : reads) {
            long start = cursors.start(q);
            List<DeltaView> rows = new ArrayList<>();
            for (DeltaView d : scanned) {
                if (d.seq() > start && reader.admits(d, q.types(), q.excludeActor()) && rows.size() <= q.limit()) {
                    rows.add(d);
                }
            }
            if (rows.size() <= q.limit() && covered < lastSeq) {
                rows = reader.page(projectId, start, lastSeq, q.types(), q.excludeActor(), q.limit() + 1);
            }
            pages.add(cursors.given(q, start, lastSeq, rows));
        }
        cursors.write(projectId);
        return pages;
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

    /** The project's {@code last_seq}; 404 if no project. */
    private long lastSeq(String projectId) {
        List<?> rows = em.createNativeQuery("select last_seq from project where id = ?1").setParameter(1, projectId)
                .getResultList();
        if (rows.isEmpty()) {
            throw Problems.notFound("project", projectId);
        }
        return ((Number) rows.get(0)).longValue();
    }

    /** The durable cursors of these sessions (a session without one is absent): one statement. */
    private Map<String, Long> cursorsOf(String projectId, Set<String> sessions) {
        Map<String, Long> cursors = new HashMap<>();
        if (sessions.isEmpty()) {
            return cursors;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select session, last_seq from delta_cursor where project_id = ? and session = any(?)")) {
                select.setString(1, projectId);
                select.setArray(2, connection.createArrayOf("text", sessions.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        cursors.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        });
        return cursors;
    }

    /**
     * The cursor rules of a read, one place for the single read and the batch: where a read starts (its
     * {@code after}, else its session's durable cursor, else 0), its page and {@code nextCursor} from the
     * rows it matched (at most {@code limit + 1}), and the sessions' cursors it moves forward, written at
     * the end of the transaction. Reads of one session in a batch see the cursor the earlier ones left.
     */
    private final class Cursors {
        private final Map<String, Long> known;
        private final Map<String, Long> advanced = new LinkedHashMap<>();

        Cursors(Map<String, Long> known) {
            this.known = new HashMap<>(known);
        }

        long start(DeltaQuery q) {
            return q.after() != null ? q.after() : cursor(q.session());
        }

        DeltaPage given(DeltaQuery q, long start, long lastSeq, List<DeltaView> rows) {
            boolean hasMore = rows.size() > q.limit();
            List<DeltaView> page = hasMore ? rows.subList(0, q.limit()) : rows;
            long next = hasMore ? page.get(page.size() - 1).seq() : Math.max(start, lastSeq);
            if (q.session() != null && next > cursor(q.session())) {
                known.put(q.session(), next);
                advanced.put(q.session(), next);
            }
            return new DeltaPage(List.copyOf(page), next, hasMore, lastSeq);
        }

        private long cursor(String session) {
            return session == null ? 0 : known.getOrDefault(session, 0L);
        }

        /**
         * Monotonic: a late, slower reader never moves a session's cursor backwards. Committed without
         * waiting for the WAL flush ({@code synchronous_commit = off}, this transaction only): the cursor is a
         * convenience, and a PostgreSQL crash can at worst lose its last advances, so the session is given
         * those deltas again; never one it has not seen. Every other write keeps the durable commit. One
         * statement whatever the number of sessions.
         */
        void write(String projectId) {
            if (advanced.isEmpty()) {
                return;
            }
            em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        insert into delta_cursor (project_id, session, last_seq, updated_at)
                        select ?, s, l, now() from unnest(?::text[], ?::bigint[]) as a(s, l)
                        on conflict (project_id, session)
                        do update set last_seq = greatest(delta_cursor.last_seq, excluded.last_seq), updated_at = now()
                        """)) {
                    upsert.setString(1, projectId);
                    upsert.setArray(2, connection.createArrayOf("text", advanced.keySet().toArray()));
                    upsert.setArray(3, connection.createArrayOf("bigint", advanced.values().toArray()));
                    upsert.executeUpdate();
                }
            });
        }
    }
}
