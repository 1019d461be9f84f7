package dev.peercode.api.planner;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.IdFormats;
import dev.peercode.rules.text.SingleLine;

/**
 * Request and response shapes of the planner's projects, members and agent tokens. Requests leave nulls out of
 * their JSON (the gateway sends only what it was given).
 */
public final class ProjectDtos {

    private ProjectDtos() {
    }

    public static final String ROLE_REGEX = "owner|member";
    public static final String BRANCH_REGEX = "[A-Za-z0-9._/-]{1,100}";

    /** {@code ownerSubject} becomes the first member, with role owner. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateProject(
            @NotBlank @Size(max = 100) @SingleLine String name,
            @Size(max = 2000) String description,
            @Size(max = 500) @Pattern(regexp = "(https?|ssh|git)://\\S+|git@\\S+") String repositoryUrl,
            @Pattern(regexp = BRANCH_REGEX) String syncBranch,
            @NotBlank @Size(max = 255) String ownerSubject,
            @Pattern(regexp = IdFormats.SESSION) String actor) {
    }

    public record ProjectView(String id, String name, String description, String repositoryUrl, String syncBranch,
            String ownerSubject, long lastSeq, Instant createdAt) {
    }

    /** A project with its phases and tasks (compact); {@code plan} is absent when not asked for. */
    public record ProjectDetail(ProjectView project, @JsonInclude(JsonInclude.Include.NON_NULL) PlanView plan) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
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
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpdateMember(
            @Pattern(regexp = ROLE_REGEX) String role,
            @Size(max = 200) String displayName,
            @Size(max = 255) String changedBy) {
    }

    /** {@code displayName} is null until the person has been seen signed in; show the subject then. */
    public record MemberView(String projectId, String subject, String role, String displayName, Instant addedAt) {

        /** The person's name as last seen signed in, else their subject (not a JSON property). */
        public String name() {
            return displayName == null || displayName.isBlank() ? subject : displayName;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
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
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerifyToken(@NotBlank @Size(max = 100) String token) {
    }

    public record VerifiedToken(String projectId, String memberSubject, String role, String tokenId) {
    }
}
