package dev.peercode.planner.delta;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.DeltaView;

/**
 * Pages of the log as views, read with one SQL statement: a range scan on the primary key
 * {@code (project_id, seq)} from the cursor, {@code LIMIT}ed, so its cost does not depend on how many
 * deltas lie before the cursor. Rows become {@link DeltaView}s directly: loading {@link Delta}
 * entities made Hibernate keep a deep copy of every row's three {@code jsonb} columns for dirty
 * checking, which a read never needs (BENCHMARKS.md, the planner's profile of {@code get_deltas}).
 */
@ApplicationScoped
public class DeltaReader {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final EntityManager em;
    private final ObjectMapper json;

    DeltaReader(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /**
     * Deltas with {@code after < seq <= last}, in seq order, at most {@code limit}, filtered: only
     * {@code types} (empty: all), none by {@code excludeActor} (deltas without an actor stay). The same
     * filter as {@link #admits}, in SQL; change both or neither.
     */
    List<DeltaView> page(String projectId, long after, long last, Set<String> types, String excludeActor, int limit) {
        StringBuilder sql = new StringBuilder("""
                select seq, type, actor, at, summary, data::text, task_ids::text, paths::text from delta
                where project_id = :project and seq > :after and seq <= :last""");
        if (!types.isEmpty()) {
            sql.append(" and type in (:types)");
        }
        if (excludeActor != null) {
            sql.append(" and (actor is null or actor <> :excluded)");
        }
        sql.append(" order by seq limit :limit");
        var query = em.createNativeQuery(sql.toString()).setParameter("project", projectId).setParameter("after", after)
                .setParameter("last", last).setParameter("limit", limit);
        if (!types.isEmpty()) {
            query.setParameter("types", types);
        }
        if (excludeActor != null) {
            query.setParameter("excluded", excludeActor);
        }
        return views(query);
    }

    /**
     * Up to {@code limit} deltas of {@code types} with {@code seq < before}, newest first: one step of a walk
     * back from the newest entry, a keyset range scan on the primary key like {@link #page}.
     */
    public List<DeltaView> newestBefore(String projectId, long before, Set<String> types, int limit) {
        return views(em.createNativeQuery("""
                select seq, type, actor, at, summary, data::text, task_ids::text, paths::text from delta
                where project_id = :project and seq < :before and type in (:types)
                order by seq desc limit :limit""").setParameter("project", projectId).setParameter("before", before)
                .setParameter("types", types).setParameter("limit", limit));
    }

    private List<DeltaView> views(jakarta.persistence.Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<DeltaView> views = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            views.add(new DeltaView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], instant(r[3]),
                    (String) r[4], parse((String) r[5], OBJECT), parse((String) r[6], STRINGS),
                    parse((String) r[7], STRINGS)));
        }
        return views;
    }

    /** Whether {@link #page}'s filter keeps this delta: the batch read filters one scan per read with it. */
    boolean admits(DeltaView delta, Set<String> types, String excludeActor) {
        return (types.isEmpty() || types.contains(delta.type()))
                && (excludeActor == null || delta.actor() == null || !delta.actor().equals(excludeActor));
    }

    private <T> T parse(String raw, TypeReference<T> type) {
        try {
            return json.readValue(raw, type);
        } catch (JsonProcessingException e) {
            // Written by this service as jsonb: unreadable means the database is not what Flyway built.
            throw new IllegalStateException("Unreadable jsonb in the delta log", e);
        }
    }

    /** A {@code timestamptz} column as the JDBC driver hands it over. */
    public static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
