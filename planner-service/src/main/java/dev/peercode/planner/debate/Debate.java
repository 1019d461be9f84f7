package dev.peercode.planner.debate;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "debate")
public class Debate {

    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    public String topic;
    public String question;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> options;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> participants;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "task_ids")
    public List<String> taskIds;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    public Instant deadline;
    public String status;
    public String outcome;
    /** A session for a majority, a person's subject for a decision. */
    @Column(name = "decided_by")
    public String decidedBy;
    /** {@code majority} or {@code person}. */
    @Column(name = "decided_by_kind")
    public String decidedByKind;
    @Column(name = "resolution_reason")
    public String resolutionReason;
    @Column(name = "closed_at")
    public Instant closedAt;
}
