package dev.peercode.planner.task;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.OptimisticLock;
import org.hibernate.type.SqlTypes;

import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.TaskView;

@Entity
@Table(name = "task")
public class Task {

    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "phase_id")
    public String phaseId;
    /**
     * Not part of the optimistic version: inserting or moving a neighbour shifts positions, and that must
     * not make every other agent's {@code expectedVersion} stale.
     */
    @OptimisticLock(excluded = true)
    public int position;
    public String title;
    public String description;
    public String status;
    public String assignee;
    public int priority;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "expected_files")
    public List<String> expectedFiles;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "task_dependency", joinColumns = @JoinColumn(name = "task_id"))
    @Column(name = "depends_on_id")
    public Set<String> dependsOn = new LinkedHashSet<>();
    /** Optimistic concurrency: {@code expectedVersion} in requests is checked against it. */
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** This task as the plan lists it: no description. */
    public static CompactTask compact(Task t) {
        return new CompactTask(t.id, t.position, t.title, t.status, t.assignee, t.priority,
                List.copyOf(t.expectedFiles), t.dependsOn.stream().sorted().toList(), t.version);
    }

    /** This task as the API shows it. */
    public static TaskView view(Task t) {
        return new TaskView(t.id, t.phaseId, t.position, t.title, t.description, t.status, t.assignee, t.priority,
                List.copyOf(t.expectedFiles), t.dependsOn.stream().sorted().toList(), t.version, t.updatedAt);
    }
}
