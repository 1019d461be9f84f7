package dev.peercode.planner.project;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.peercode.planner.common.Ids;
import dev.peercode.rules.text.SingleLine;

/** Request and response shapes of projects, members and agent tokens. */
public final class ProjectDtos {

    private ProjectDtos() {
    }

    public static final String ROLE_REGEX = "owner|member";
    public static final String BRANCH_REGEX = "[A-Za-z0-9._/-]{1,100}";

    /** {@code ownerSubject} becomes the first member, with role owner. */
    public record CreateProject(
            @NotBlank @Size(max = 100) @SingleLine String name,
            @Size(max = 2000) String description,
            @Size(max = 500) @Pattern(regexp = "(https?|ssh|git)://\\S+|git@\\S+") String repositoryUrl,
            @Pattern(regexp = BRANCH_REGEX) String syncBranch,
            @NotBlank @Size(max = 255) String ownerSubject,
            @Pattern(regexp = Ids.SESSION_REGEX) String actor) {
    }

    public record ProjectView(String id, String name, String description, String repositoryUrl, String syncBranch,
            String ownerSubject, long lastSeq, Instant createdAt) {

        static ProjectView of(Project p) {
            return new ProjectView(p.id, p.name, p.description, p.repositoryUrl, p.syncBranch, p.ownerSubject,
                    p.lastSeq, p.createdAt);
        }
    }

    public record AddMember(
            @NotBlank @Size(max = 255) String subject,
            @NotNull @Pattern(regexp = ROLE_REGEX) String role,
            @Size(max = 255) String addedBy,
            @Size(max = 200) String displayName) {
    }

    /**
     * A change of one membership: a new role (owners only, checked by the gateway; the last owner cannot
     * become a member) and/or the name the person's identity provider gave when they were last seen.
     */
    public record UpdateMember(
            @Pattern(regexp = ROLE_REGEX) String role,
            @Size(max = 200) String displayName,
            @Size(max = 255) String changedBy) {
    }

    /** {@code displayName} is null until the person has been seen signed in; show the subject then. */
    public record MemberView(String projectId, String subject, String role, String displayName, Instant addedAt) {

        static MemberView of(Member m) {
            return new MemberView(m.projectId, m.subject, m.role, m.displayName, m.addedAt);
        }
    }

    public record CreateToken(
            @NotBlank @Size(max = 255) String memberSubject,
            @NotBlank @Size(max = 100) String name) {
    }

    /** Returned once, at creation: the only time the secret exists outside the caller. */
    public record CreatedToken(String tokenId, String token, String projectId, String memberSubject, String name,
            Instant createdAt) {
    }

    public record TokenView(String tokenId, String projectId, String memberSubject, String name, Instant createdAt,
            Instant lastUsedAt, Instant revokedAt) {

        static TokenView of(AgentToken t) {
            return new TokenView(t.id, t.projectId, t.memberSubject, t.name, t.createdAt, t.lastUsedAt, t.revokedAt);
        }
    }

    public record VerifyToken(@NotBlank @Size(max = 100) String token) {
    }

    public record VerifiedToken(String projectId, String memberSubject, String role, String tokenId) {
    }
}
