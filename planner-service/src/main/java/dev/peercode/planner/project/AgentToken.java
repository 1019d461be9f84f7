package dev.peercode.planner.project;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.peercode.api.planner.ProjectDtos.TokenView;

@Entity
@Table(name = "agent_token")
public class AgentToken {

    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "member_subject")
    public String memberSubject;
    public String name;
    /** SHA-256 of the secret; the secret itself is shown once and never stored. */
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** This token as the API lists it: never its hash. */
    public static TokenView view(AgentToken t) {
        return new TokenView(t.id, t.projectId, t.memberSubject, t.name, t.createdAt, t.lastUsedAt, t.revokedAt);
    }
}
