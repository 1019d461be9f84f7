package dev.peercode.planner.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.planner.error.Problems;
import dev.peercode.planner.transfer.ExportFormat.ExportedDebate;
import dev.peercode.planner.transfer.ExportFormat.ExportedDelta;
import dev.peercode.planner.transfer.ExportFormat.ExportedPhase;
import dev.peercode.planner.transfer.ExportFormat.ExportedProject;
import dev.peercode.planner.transfer.ExportFormat.ExportedResponse;
import dev.peercode.planner.transfer.ExportFormat.ExportedRevision;
import dev.peercode.planner.transfer.ExportFormat.ExportedTask;
import dev.peercode.planner.transfer.ExportFormat.Header;

/**
 * Writes a project as JSON Lines ({@link ExportFormat}) straight from the database to the response. One
 * read-only, repeatable-read transaction: every line comes from the same snapshot, so the log ends exactly
 * at the header's {@code lastSeq} even while agents keep appending. The delta log is read with a cursor
 * ({@code fetchSize}) and written row by row, never held in memory; the plan (phases, tasks, debates,
 * revisions) is bounded by the API's limits.
 */
@ApplicationScoped
public class ProjectExporter {

    /** Rows fetched per round trip while streaming the delta log. */
    private static final int FETCH_SIZE = 500;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;

    public ProjectExporter(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Fails with 404 before anything is written when the project does not exist. */
    public void requireProject(String projectId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select 1 from project where id = ?")) {
            s.setString(1, projectId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw Problems.notFound("project", projectId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read project " + projectId, e);
        }
    }

    public void write(String projectId, OutputStream out) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor (fetchSize) works only inside a transaction
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                new Writer(c, out).all(projectId);
                c.commit();
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Export of " + projectId + " failed", e);
        }
    }

    /** One export: the connection of its snapshot and the stream it writes to. */
    private final class Writer {
        private final Connection c;
        private final OutputStream out;

        Writer(Connection c, OutputStream out) {
            this.c = c;
            this.out = out;
        }

        void all(String projectId) throws SQLException {
            long lastSeq = header(projectId);
            phases(projectId);
            tasks(projectId);
            debates(projectId);
            revisions(projectId);
            deltas(projectId, lastSeq);
            flush();
        }

        private long header(String projectId) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("select name, description, repository_url, sync_branch,"
                    + " created_at, last_seq from project where id = ?")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw Problems.notFound("project", projectId);
                    }
                    long lastSeq = rs.getLong("last_seq");
                    line(new Header("header", ExportFormat.FORMAT, ExportFormat.VERSION, Instant.now(),
                            new ExportedProject(projectId, rs.getString("name"), rs.getString("description"),
                                    rs.getString("repository_url"), rs.getString("sync_branch"),
                                    instant(rs, "created_at"), lastSeq)));
                    return lastSeq;
                }
            }
        }

        private void phases(String projectId) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(
                    "select id, name, position, created_at from phase where project_id = ? order by position, id")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        line(new ExportedPhase("phase", rs.getString("id"), rs.getString("name"), rs.getInt("position"),
                                instant(rs, "created_at")));
                    }
                }
            }
        }

        private void tasks(String projectId) throws SQLException {
            Map<String, List<String>> dependencies = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select d.task_id, d.depends_on_id from task_dependency d"
                    + " join task t on t.id = d.task_id where t.project_id = ? order by d.task_id, d.depends_on_id")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        dependencies.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select id, phase_id, position, title, description, status,"
                    + " assignee, priority, expected_files, version, created_at, updated_at from task"
                    + " where project_id = ? order by created_at, id")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        line(new ExportedTask("task", id, rs.getString("phase_id"), rs.getInt("position"),
                                rs.getString("title"), rs.getString("description"), rs.getString("status"),
                                rs.getString("assignee"), rs.getInt("priority"), read(rs, "expected_files", STRINGS),
                                dependencies.getOrDefault(id, List.of()), rs.getLong("version"),
                                instant(rs, "created_at"), instant(rs, "updated_at")));
                    }
                }
            }
        }

        private void debates(String projectId) throws SQLException {
            Map<String, List<ExportedResponse>> responses = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select r.debate_id, r.session, r.choice, r.argument,"
                    + " r.answered_at from debate_response r join debate d on d.id = r.debate_id"
                    + " where d.project_id = ? order by r.debate_id, r.answered_at, r.session")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        responses.computeIfAbsent(rs.getString("debate_id"), k -> new ArrayList<>())
                                .add(new ExportedResponse(rs.getString("session"), rs.getString("choice"),
                                        rs.getString("argument"), instant(rs, "answered_at")));
                    }
                }
            }
            try (PreparedStatement s = c
                    .prepareStatement("select * from debate where project_id = ? order by created_at, id")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        line(new ExportedDebate("debate", id, rs.getString("topic"), rs.getString("question"),
                                read(rs, "options", STRINGS), read(rs, "participants", STRINGS),
                                read(rs, "task_ids", STRINGS), rs.getString("created_by"), instant(rs, "created_at"),
                                instant(rs, "deadline"), rs.getString("status"), rs.getString("outcome"),
                                rs.getString("decided_by"), rs.getString("decided_by_kind"),
                                rs.getString("resolution_reason"), instant(rs, "closed_at"),
                                responses.getOrDefault(id, List.of())));
                    }
                }
            }
        }

        private void revisions(String projectId) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("select id, author, reason, operations, based_on_seq, seq,"
                    + " created_at from plan_revision where project_id = ? order by seq, id")) {
                s.setString(1, projectId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long basedOn = rs.getLong("based_on_seq");
                        line(new ExportedRevision("revision", rs.getString("id"), rs.getString("author"),
                                rs.getString("reason"), tree(rs.getString("operations")),
                                rs.wasNull() ? null : basedOn, rs.getLong("seq"), instant(rs, "created_at")));
                    }
                }
            }
        }

        private void deltas(String projectId, long lastSeq) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("select seq, type, actor, at, summary, data, task_ids, paths"
                    + " from delta where project_id = ? and seq <= ? order by seq")) {
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, projectId);
                s.setLong(2, lastSeq);
                long expected = 1;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong("seq");
                        if (seq != expected) {
                            // Cannot happen while seq is handed out under the project's row lock; an export
                            // with a hole would import as a different history, so it stops here instead.
                            throw new IllegalStateException("Delta log of " + projectId + " has a gap at " + expected);
                        }
                        expected++;
                        line(new ExportedDelta("delta", seq, rs.getString("type"), rs.getString("actor"),
                                instant(rs, "at"), rs.getString("summary"), read(rs, "data", OBJECT),
                                read(rs, "task_ids", STRINGS), read(rs, "paths", STRINGS)));
                    }
                }
                if (expected != lastSeq + 1) {
                    throw new IllegalStateException("Delta log of " + projectId + " ends at " + (expected - 1)
                            + ", not at its lastSeq " + lastSeq);
                }
            }
        }

        private void line(Object value) {
            try {
                out.write(json.writeValueAsBytes(value));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private <T> T read(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
            try {
                return json.readValue(rs.getString(column), type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private com.fasterxml.jackson.databind.JsonNode tree(String value) {
            try {
                return json.readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
