package dev.peercode.planner.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.planner.common.Ids;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import io.quarkus.logging.Log;

/** Turns lock-service stream entries into deltas, at most once per entry id. */
@ApplicationScoped
public class LockEventAppender {

    /** What happened to an entry; every outcome but {@link #FAILED} may be acknowledged. */
    public enum Outcome {
        APPENDED,
        DUPLICATE,
        SKIPPED,
        FAILED
    }

    /** One stream entry: its id and fields. */
    public record Entry(String id, Map<String, String> fields) {
    }

    private static final Pattern PROJECT = Pattern.compile(Ids.PROJECT_REGEX);

    private final EntityManager em;
    private final DeltaLog log;
    private final ObjectMapper json;

    public LockEventAppender(EntityManager em, DeltaLog log, ObjectMapper json) {
        this.em = em;
        this.log = log;
        this.json = json;
    }

    /**
     * Appends the entry's delta. The duplicate check runs after the project lock is taken, so two
     * replicas handling the same (reclaimed) entry serialise and the second sees the first's row; the
     * unique constraint on {@code source_entry_id} backs this up.
     */
    @Transactional
    public Outcome append(String entryId, Map<String, String> fields) {
        return appendInTransaction(entryId, fields);
    }

    /**
     * Appends the deltas of several entries, in their order, in ONE transaction: one commit (one WAL
     * flush) for a whole XREADGROUP batch instead of one per entry, which is what bounded the consumer's
     * rate (BENCHMARKS.md). All or nothing: on any failure nothing is appended and the caller handles
     * the entries one by one ({@link #append}), so one bad entry or a racing replica costs only a retry.
     * The outcomes are in the order of {@code entries}; none is {@link Outcome#FAILED}.
     */
    @Transactional
    public List<Outcome> appendAll(List<Entry> entries) {
        List<Outcome> outcomes = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            outcomes.add(appendInTransaction(e.id(), e.fields()));
        }
        return outcomes;
    }

    private Outcome appendInTransaction(String entryId, Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return Outcome.SKIPPED;
        }
        String projectId = fields.get("projectId");
        String type = fields.get("type");
        if (projectId == null || !PROJECT.matcher(projectId).matches() || !DeltaTypes.FROM_LOCK_SERVICE.contains(type)) {
            // A malformed entry would otherwise be redelivered forever; it is logged and dropped.
            Log.warnf("Dropping stream entry %s: unknown project id or type (%s, %s)", entryId, projectId, type);
            return Outcome.SKIPPED;
        }
        if (!projectExists(projectId)) {
            Log.warnf("Dropping stream entry %s for unknown project %s", entryId, projectId);
            return Outcome.SKIPPED;
        }
        log.lockProject(projectId);
        if (alreadyAppended(entryId)) {
            return Outcome.DUPLICATE;
        }
        String actor = fields.get("actor");
        if (actor != null && !Ids.SESSION.matcher(actor).matches()) {
            actor = null;
        }
        Map<String, Object> data = new java.util.LinkedHashMap<>(
                parse(fields.get("data"), new TypeReference<Map<String, Object>>() {
                }, Map.of()));
        if (fields.get("at") != null) {
            data.putIfAbsent("eventAt", fields.get("at"));
        }
        List<String> paths = parse(fields.get("paths"), new TypeReference<List<String>>() {
        }, List.of());
        List<String> taskIds = parse(fields.get("taskIds"), new TypeReference<List<String>>() {
        }, List.of());
        String summary = fields.getOrDefault("summary", type);
        log.append(projectId, new DeltaDraft(type, actor, summary.isBlank() ? type : summary, data,
                taskIds.stream().filter(t -> t != null && Ids.TASK.matcher(t).matches()).toList(),
                paths.stream().filter(p -> p != null && p.length() <= 512).limit(100).toList(), entryId));
        return Outcome.APPENDED;
    }

    private boolean projectExists(String projectId) {
        return !em.createNativeQuery("select 1 from project where id = ?1").setParameter(1, projectId)
                .getResultList().isEmpty();
    }

    private boolean alreadyAppended(String entryId) {
        return !em.createNativeQuery("select 1 from delta where source_entry_id = ?1").setParameter(1, entryId)
                .getResultList().isEmpty();
    }

    private <T> T parse(String raw, TypeReference<T> type, T fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            T value = json.readValue(raw, type);
            return value == null ? fallback : value;
        } catch (JsonProcessingException e) {
            return fallback;
        }
    }
}
