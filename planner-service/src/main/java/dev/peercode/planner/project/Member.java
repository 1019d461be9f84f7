package dev.peercode.planner.project;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.peercode.api.planner.ProjectDtos.MemberView;

@Entity
@Table(name = "member")
@IdClass(Member.Key.class)
public class Member {

    @Id
    @Column(name = "project_id")
    public String projectId;
    @Id
    public String subject;
    public String role;
    /** The person's name from their identity provider, as last seen; null until seen. */
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "added_at")
    public Instant addedAt;

    public static class Key implements Serializable {
        public String projectId;
        public String subject;

        public Key() {
        }

        public Key(String projectId, String subject) {
            this.projectId = projectId;
            this.subject = subject;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(projectId, k.projectId) && Objects.equals(subject, k.subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectId, subject);
        }
    }

    /** This membership as the API shows it. */
    public static MemberView view(Member m) {
        return new MemberView(m.projectId, m.subject, m.role, m.displayName, m.addedAt);
    }
}
