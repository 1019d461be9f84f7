package dev.peercode.planner.project;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.ProjectDtos.CreateToken;
import dev.peercode.api.planner.ProjectDtos.CreatedToken;
import dev.peercode.api.planner.ProjectDtos.TokenView;
import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.error.Problems;

/** Agent tokens: random secrets, stored as SHA-256, scoped to one project and member, revocable. */
@ApplicationScoped
public class AgentTokenService {

    /** Verification runs on every agent call; last-used is coarse so most calls stay read-only. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final AgentTokenRepository tokens;
    private final MemberRepository members;
    private final ProjectService projects;
    private final Event<AccessChanged> accessChanged;

    public AgentTokenService(AgentTokenRepository tokens, MemberRepository members, ProjectService projects,
            Event<AccessChanged> accessChanged) {
        this.tokens = tokens;
        this.members = members;
        this.projects = projects;
        this.accessChanged = accessChanged;
    }

    @Transactional
    public CreatedToken create(String projectId, CreateToken request) {
        projects.requireProject(projectId);
        if (members.findMember(projectId, request.memberSubject()).isEmpty()) {
            throw Problems.unknownReference("memberSubject", "member", request.memberSubject());
        }
        String secret = Ids.tokenSecret();
        AgentToken t = new AgentToken();
        t.id = Ids.tokenId();
        t.projectId = projectId;
        t.memberSubject = request.memberSubject();
        t.name = request.name().strip();
        t.tokenHash = Ids.sha256(secret);
        t.createdAt = Instant.now();
        tokens.persist(t);
        return new CreatedToken(t.id, secret, projectId, t.memberSubject, t.name, t.createdAt);
    }

    @Transactional
    public List<TokenView> list(String projectId, String memberSubject) {
        projects.requireProject(projectId);
        return tokens.list(projectId, memberSubject).stream().map(AgentToken::view).toList();
    }

    /** Idempotent: revoking a revoked token changes nothing. */
    @Transactional
    public void revoke(String projectId, String tokenId) {
        AgentToken t = tokens.findByIdOptional(tokenId).filter(x -> x.projectId.equals(projectId))
                .orElseThrow(() -> Problems.notFound("agent token", tokenId));
        if (t.revokedAt == null) {
            t.revokedAt = Instant.now();
            accessChanged.fire(new AccessChanged(projectId, t.memberSubject));
        }
    }

    @Transactional
    public Optional<VerifiedToken> verify(String secret) {
        if (!secret.startsWith(Ids.TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return tokens.findActiveByHash(Ids.sha256(secret)).flatMap(t -> {
            Optional<Member> member = members.findMember(t.projectId, t.memberSubject);
            if (member.isEmpty()) {
                return Optional.empty();
            }
            Instant now = Instant.now();
            if (t.lastUsedAt == null || t.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                t.lastUsedAt = now;
            }
            return Optional.of(new VerifiedToken(t.projectId, t.memberSubject, member.get().role, t.id));
        });
    }
}
