package dev.peercode.planner.task;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "phase")
public class Phase {

    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public int position;
    @Column(name = "created_at")
    public Instant createdAt;
}
