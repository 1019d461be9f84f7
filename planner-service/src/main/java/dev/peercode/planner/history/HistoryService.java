package dev.peercode.planner.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.TaskDates;
import dev.peercode.api.planner.HistoryDtos.TaskHistory;
import dev.peercode.planner.delta.DeltaReader;
import dev.peercode.planner.error.Problems;
import dev.peercode.planner.project.ProjectRepository;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The project's history as the web UI's pictures draw it, derived here, next to the log, each with a query that
 * reads only the delta types it needs: no page of the log crosses the network.
 */
@ApplicationScoped
public class HistoryService {

    /**
     * How far before a window the log is read to find what was already held when it opens: the lock service's
     * longest lock TTL (a lock taken that long before may still be held; the push token's is shorter).
     */
    static final Duration LOOKBACK = Duration.ofHours(4);
    /** Deltas per keyset read when walking the log back from its newest entry. */
    static final int BLOCK = 1000;

    private final EntityManager em;
    private final DeltaReader reader;
    private final ProjectRepository projects;

    HistoryService(EntityManager em, DeltaReader reader, ProjectRepository projects) {
        this.em = em;
        this.reader = reader;
        this.projects = projects;
    }

    /**
     * Each task's creation (the first {@code task.created}, {@code task.updated} or {@code plan.revised} naming
     * it; without one, the project's creation) and, when it is done now, its last {@code task.updated} to
     * {@code done} (without one, its last {@code plan.revised}: done through a revision or an import; without
     * either, its creation). One aggregate over those types in the database.
     */
    @Transactional
    public TaskHistory tasks(String projectId) {
        Instant projectCreated = projectCreated(projectId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                with named as (
                    select tid, d.seq, d.at, d.type,
                           d.type = 'task.updated' and d.data -> 'changes' -> 'status' ->> 'to' = :done as to_done
                    from delta d cross join lateral jsonb_array_elements_text(d.task_ids) tid
                    where d.project_id = :project and d.type in ('task.created', 'task.updated', 'plan.revised')
                ), dates as (
                    select tid,
                           (array_agg(at order by seq))[1] as created,
                           (array_agg(at order by seq desc) filter (where to_done))[1] as done,
                           (array_agg(at order by seq desc) filter (where type = 'plan.revised'))[1] as revised
                    from named group by tid
                )
                select t.id, t.phase_id, t.status, d.created, d.done, d.revised
                from task t join phase ph on ph.id = t.phase_id left join dates d on d.tid = t.id
                where t.project_id = :project and t.status <> :cancelled
                order by ph.position, t.position""").setParameter("project", projectId).setParameter("done", TaskStatus.DONE)
                .setParameter("cancelled", TaskStatus.CANCELLED).getResultList();
        List<TaskDates> tasks = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Instant made = r[3] == null ? projectCreated : DeltaReader.instant(r[3]);
            Instant done = !TaskStatus.DONE.equals(r[2]) ? null
                    : r[4] != null ? DeltaReader.instant(r[4]) : r[5] != null ? DeltaReader.instant(r[5]) : made;
            tasks.add(new TaskDates((String) r[0], (String) r[1], made,
                    done != null && done.isBefore(made) ? made : done));
        }
        return new TaskHistory(tasks);
    }

    /**
     * What each session held and did between {@code since} and {@code until}: the log's deltas of
     * {@link SessionSpans#TYPES} from {@link #LOOKBACK} before {@code since} up to {@code until}, read newest first
     * in keyset blocks of the primary key {@code (project_id, seq)}, stopping at the first block that reaches
     * before that (the log is appended in time order), so the cost follows the window, not the log's length.
     */
    @Transactional
    public SessionHistory sessions(String projectId, Instant since, Instant until) {
        projectCreated(projectId);
        Instant from = since.minus(LOOKBACK);
        List<DeltaView> newestFirst = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            List<DeltaView> block = reader.newestBefore(projectId, before, SessionSpans.TYPES, BLOCK);
            block.stream().filter(d -> !d.at().isBefore(from) && !d.at().isAfter(until)).forEach(newestFirst::add);
            if (block.size() < BLOCK || block.get(block.size() - 1).at().isBefore(from)) {
                break;
            }
            before = block.get(block.size() - 1).seq();
        }
        Collections.reverse(newestFirst);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select id, title, status, assignee from task where project_id = :project")
                .setParameter("project", projectId).getResultList();
        Map<String, SessionSpans.Current> plan = new LinkedHashMap<>();
        for (Object[] r : rows) {
            plan.put((String) r[0], new SessionSpans.Current((String) r[0], (String) r[1], (String) r[2],
                    (String) r[3]));
        }
        return new SessionHistory(since, until, SessionSpans.of(newestFirst, plan, since, until));
    }

    /** The project's creation; 404 if there is no such project. */
    private Instant projectCreated(String projectId) {
        return projects.findByIdOptional(projectId).orElseThrow(() -> Problems.notFound("project", projectId)).createdAt;
    }
}
