package dev.peercode.planner.project;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.peercode.api.planner.ProjectDtos.ProjectView;

@Entity
@Table(name = "project")
public class Project {

    @Id
    public String id;
    public String name;
    public String description;
    @Column(name = "repository_url")
    public String repositoryUrl;
    @Column(name = "sync_branch")
    public String syncBranch;
    @Column(name = "owner_subject")
    public String ownerSubject;
    /** Written only by the delta log's SQL under the row lock, never by Hibernate's dirty checking. */
    @Column(name = "last_seq", insertable = false, updatable = false)
    public long lastSeq;
    @Column(name = "created_at")
    public Instant createdAt;

    /** This project as the API shows it. */
    public static ProjectView view(Project p) {
        return new ProjectView(p.id, p.name, p.description, p.repositoryUrl, p.syncBranch, p.ownerSubject, p.lastSeq,
                p.createdAt);
    }
}
