package dev.peercode.planner.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A project's log written with chosen times: the plan is made through the API (so the task table is real), then
 * the deltas its edits appended are replaced by a history that explains it, at the instants a test needs.
 */
final class HistoryLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource db;
    private final String projectId;

    HistoryLog(DataSource db, String projectId) {
        this.db = db;
        this.projectId = projectId;
    }

    /** Drops the deltas the API appended while the plan was set up (all but the project's creation). */
    HistoryLog cleared() throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("delete from delta where project_id = ? and seq > 1")) {
            s.setString(1, projectId);
            s.executeUpdate();
        }
        return this;
    }

    HistoryLog add(String type, String actor, Instant at, Map<String, Object> data, List<String> taskIds,
            List<String> paths) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement next = c.prepareStatement(
                        "update project set last_seq = last_seq + 1 where id = ? returning last_seq");
                PreparedStatement insert = c.prepareStatement("""
                        insert into delta (project_id, seq, type, actor, at, summary, data, task_ids, paths)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)""")) {
            next.setString(1, projectId);
            long seq;
            try (var rs = next.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            insert.setString(1, projectId);
            insert.setLong(2, seq);
            insert.setString(3, type);
            insert.setString(4, actor);
            insert.setTimestamp(5, Timestamp.from(at));
            insert.setString(6, type);
            insert.setString(7, json(data));
            insert.setString(8, json(taskIds));
            insert.setString(9, json(paths));
            insert.executeUpdate();
        }
        return this;
    }

    HistoryLog task(String type, String actor, Instant at, String taskId, Map<String, Object> data)
            throws SQLException {
        return add(type, actor, at, data, List.of(taskId), List.of());
    }

    HistoryLog locks(String type, String actor, Instant at, Map<String, Object> data, String... paths)
            throws SQLException {
        return add(type, actor, at, data, List.of(), List.of(paths));
    }

    /** {@code data} of a {@code task.updated} changing the status to {@code to}. */
    static Map<String, Object> status(String to) {
        return Map.of("changes", Map.of("status", Map.of("from", "x", "to", to)));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
