package dev.peercode.planner.delta;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.peercode.api.planner.DeltaView;

@Entity
@Table(name = "delta")
@IdClass(Delta.Key.class)
public class Delta {

    @Id
    @Column(name = "project_id")
    public String projectId;
    @Id
    public long seq;
    public String type;
    public String actor;
    public Instant at;
    public String summary;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> data;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "task_ids")
    public List<String> taskIds;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> paths;
    @Column(name = "source_entry_id")
    public String sourceEntryId;

    public static class Key implements Serializable {
        public String projectId;
        public long seq;

        public Key() {
        }

        public Key(String projectId, long seq) {
            this.projectId = projectId;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(projectId, k.projectId) && seq == k.seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectId, seq);
        }
    }

    /** This entry of the log as the API shows it. */
    public static DeltaView view(Delta d) {
        return new DeltaView(d.seq, d.type, d.actor, d.at, d.summary, d.data, d.taskIds, d.paths);
    }
}
