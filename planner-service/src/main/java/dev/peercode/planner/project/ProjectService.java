package dev.peercode.planner.project;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.ProjectDtos.AddMember;
import dev.peercode.api.planner.ProjectDtos.CreateProject;
import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.api.planner.ProjectDtos.UpdateMember;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.planner.error.Problems;
import dev.peercode.rules.sync.SyncBranch;

/** Projects and their members. */
@ApplicationScoped
public class ProjectService {

    private final ProjectRepository projects;
    private final MemberRepository members;
    private final AgentTokenRepository tokens;
    private final DeltaLog log;
    private final Event<AccessChanged> accessChanged;

    public ProjectService(ProjectRepository projects, MemberRepository members, AgentTokenRepository tokens,
            DeltaLog log, Event<AccessChanged> accessChanged) {
        this.projects = projects;
        this.members = members;
        this.tokens = tokens;
        this.log = log;
        this.accessChanged = accessChanged;
    }

    @Transactional
    public ProjectView create(CreateProject request) {
        Project p = new Project();
        p.id = Ids.project();
        p.name = request.name().strip();
        p.description = request.description();
        p.repositoryUrl = request.repositoryUrl();
        p.syncBranch = request.syncBranch() == null ? SyncBranch.DEFAULT : request.syncBranch();
        p.ownerSubject = request.ownerSubject();
        p.createdAt = Instant.now();
        projects.persist(p);
        projects.flush();
        Member owner = newMember(p.id, request.ownerSubject(), "owner");
        members.persist(owner);
        log.append(p.id, DeltaDraft.of(DeltaTypes.PROJECT_CREATED, request.actor(),
                "Project '" + p.name + "' created by " + p.ownerSubject, Map.of("name", p.name), List.of()));
        p.lastSeq = 1;
        return Project.view(p);
    }

    @Transactional
    public List<ProjectView> listForSubject(String subject) {
        return projects.listForSubject(subject).stream().map(Project::view).toList();
    }

    @Transactional
    public Optional<ProjectView> find(String projectId) {
        return projects.findByIdOptional(projectId).map(Project::view);
    }

    @Transactional
    public MemberView addMember(String projectId, AddMember request) {
        log.lockProject(projectId);
        if (members.findMember(projectId, request.subject()).isPresent()) {
            throw Problems.conflict(request.subject() + " is already a member of " + projectId,
                    Map.of("subject", request.subject()));
        }
        Member m = newMember(projectId, request.subject(), request.role());
        m.displayName = blankToNull(request.displayName());
        members.persist(m);
        log.append(projectId, DeltaDraft.of(DeltaTypes.MEMBER_ADDED, null,
                request.subject() + " joined as " + request.role(),
                Map.of("subject", request.subject(), "role", request.role()), List.of()));
        return Member.view(m);
    }

    @Transactional
    public List<MemberView> members(String projectId) {
        requireProject(projectId);
        return members.listForProject(projectId).stream().map(Member::view).toList();
    }

    @Transactional
    public Optional<MemberView> member(String projectId, String subject) {
        requireProject(projectId);
        return members.findMember(projectId, subject).map(Member::view);
    }

    /**
     * Changes a member's role and/or remembers their display name. Under the project lock, so two owners
     * demoting each other at once are serialised and the second finds itself the last owner: a project
     * never loses its last owner. A role change is logged ({@code member.role_changed}); a name is not
     * (it is what the identity provider says, not an act in the project).
     */
    @Transactional
    public MemberView updateMember(String projectId, String subject, UpdateMember request) {
        log.lockProject(projectId);
        Member m = members.findMember(projectId, subject).orElseThrow(() -> Problems.notFound("member", subject));
        String name = blankToNull(request.displayName());
        if (name != null) {
            m.displayName = name;
        }
        if (request.role() != null && !request.role().equals(m.role)) {
            if ("owner".equals(m.role)) {
                requireAnotherOwner(projectId, subject, "change the role of");
            }
            String from = m.role;
            m.role = request.role();
            log.append(projectId, DeltaDraft.of(DeltaTypes.MEMBER_ROLE_CHANGED, null,
                    subject + " is now " + m.role + (request.changedBy() == null ? "" : " (by " + request.changedBy() + ")"),
                    Map.of("subject", subject, "from", from, "to", m.role), List.of()));
            accessChanged.fire(new AccessChanged(projectId, subject));
        }
        return Member.view(m);
    }

    /**
     * Removes a member and their agent tokens (a token acts for its member: without the membership it
     * must stop working, and the token rows reference the membership). The last owner cannot be removed
     * (409): a project without an owner could never be managed again.
     */
    @Transactional
    public void removeMember(String projectId, String subject, String removedBy) {
        log.lockProject(projectId);
        Member m = members.findMember(projectId, subject).orElseThrow(() -> Problems.notFound("member", subject));
        if ("owner".equals(m.role)) {
            requireAnotherOwner(projectId, subject, "remove");
        }
        tokens.delete("projectId = ?1 and memberSubject = ?2", projectId, subject);
        members.delete(m);
        accessChanged.fire(new AccessChanged(projectId, subject));
        log.append(projectId, DeltaDraft.of(DeltaTypes.MEMBER_REMOVED, null,
                subject + " was removed" + (removedBy == null ? "" : " by " + removedBy), Map.of("subject", subject),
                List.of()));
    }

    private void requireAnotherOwner(String projectId, String subject, String action) {
        long owners = members.count("projectId = ?1 and role = 'owner'", projectId);
        if (owners <= 1) {
            throw Problems.lastOwner(subject, action);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    void requireProject(String projectId) {
        if (projects.findByIdOptional(projectId).isEmpty()) {
            throw Problems.notFound("project", projectId);
        }
    }

    private static Member newMember(String projectId, String subject, String role) {
        Member m = new Member();
        m.projectId = projectId;
        m.subject = subject;
        m.role = role;
        m.addedAt = Instant.now();
        return m;
    }
}
