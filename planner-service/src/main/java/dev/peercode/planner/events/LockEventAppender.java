package dev.peercode.planner.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
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
        return appendInTransaction(List.of(new Entry(entryId, fields))).get(0);
    }

    /**
     * Appends the deltas of several entries, in their order, in ONE transaction: per project one lock,
     * one duplicate check and one JDBC batch ({@link DeltaLog#appendAll}), one commit (one WAL flush) for
     * a whole XREADGROUP read instead of one per entry, which is what bounded the consumer's rate
     * (BENCHMARKS.md). Projects are locked in id order, the same order in every transaction, so two
     * replicas' batches cannot deadlock. All or nothing: on any failure nothing is appended and the caller
     * handles the entries one by one ({@link #append}), so one bad entry or a racing replica costs only a
     * retry. The outcomes are in the order of {@code entries}; none is {@link Outcome#FAILED}.
     */
    @Transactional
    public List<Outcome> appendAll(List<Entry> entries) {
        return appendInTransaction(entries);
    }

    private List<Outcome> appendInTransaction(List<Entry> entries) {
        Outcome[] outcomes = new Outcome[entries.size()];
        Map<String, List<Integer>> byProject = new TreeMap<>();
        List<DeltaDraft> drafts = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            DeltaDraft draft = draft(entry.id(), entry.fields());
            drafts.add(draft);
            if (draft == null) {
                outcomes[i] = Outcome.SKIPPED;
            } else {
                byProject.computeIfAbsent(entry.fields().get("projectId"), p -> new ArrayList<>()).add(i);
            }
        }
        byProject.forEach((projectId, indexes) -> {
            OptionalLong lastSeq = log.lockIfExists(projectId);
            if (lastSeq.isEmpty()) {
                Log.warnf("Dropping %d stream entries for unknown project %s", indexes.size(), projectId);
                indexes.forEach(i -> outcomes[i] = Outcome.SKIPPED);
                return;
            }
            Set<String> appended = alreadyAppended(indexes.stream().map(i -> entries.get(i).id()).toList());
            List<DeltaDraft> fresh = new ArrayList<>(indexes.size());
            for (int i : indexes) {
                boolean duplicate = !appended.add(entries.get(i).id());
                outcomes[i] = duplicate ? Outcome.DUPLICATE : Outcome.APPENDED;
                if (!duplicate) {
                    fresh.add(drafts.get(i));
                }
            }
            log.appendAll(projectId, lastSeq.getAsLong(), fresh);
        });
        return Arrays.asList(outcomes);
    }

    /** The entry as a delta, or null for an entry that can never be appended (logged and dropped). */
    private DeltaDraft draft(String entryId, Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        String projectId = fields.get("projectId");
        String type = fields.get("type");
        if (projectId == null || !PROJECT.matcher(projectId).matches() || !DeltaTypes.FROM_LOCK_SERVICE.contains(type)) {
            // A malformed entry would otherwise be redelivered forever.
            Log.warnf("Dropping stream entry %s: unknown project id or type (%s, %s)", entryId, projectId, type);
            return null;
        }
        String actor = fields.get("actor");
        if (actor != null && !Ids.SESSION.matcher(actor).matches()) {
            actor = null;
        }
        Map<String, Object> data = new LinkedHashMap<>(parse(fields.get("data"), new TypeReference<Map<String, Object>>() {
        }, Map.of()));
        if (fields.get("at") != null) {
            data.putIfAbsent("eventAt", fields.get("at"));
        }
        List<String> paths = parse(fields.get("paths"), new TypeReference<List<String>>() {
        }, List.of());
        List<String> taskIds = parse(fields.get("taskIds"), new TypeReference<List<String>>() {
        }, List.of());
        String summary = fields.getOrDefault("summary", type);
        return new DeltaDraft(type, actor, summary.isBlank() ? type : summary, data,
                taskIds.stream().filter(t -> t != null && Ids.TASK.matcher(t).matches()).toList(),
                paths.stream().filter(p -> p != null && p.length() <= 512).limit(100).toList(), entryId);
    }

    /** Which of these entry ids already have their delta (a re-delivery, or another replica's work). */
    private Set<String> alreadyAppended(List<String> entryIds) {
        @SuppressWarnings("unchecked")
        List<String> found = em.createNativeQuery("select source_entry_id from delta where source_entry_id in (:ids)")
                .setParameter("ids", entryIds).getResultList();
        return new HashSet<>(found);
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
