package dev.peercode.planner.replan;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "plan_revision")
public class PlanRevision {

    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    public String author;
    public String reason;
    /** The operations as applied, with {@code $ref}s resolved to the ids they created. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<PlanOperation> operations;
    @Column(name = "based_on_seq")
    public Long basedOnSeq;
    /** The seq of its {@code plan.revised} delta. */
    public long seq;
    @Column(name = "created_at")
    public Instant createdAt;
}
