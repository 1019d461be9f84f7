package dev.peercode.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.UpdateMember;
import dev.peercode.gateway.client.PlannerApi;
import io.smallrye.mutiny.Uni;

/**
 * The planner calls that change who may do what in a project (a member's role, a membership, an agent token), each
 * followed by this replica's {@link AccessCache} dropping what it kept: the planner tells every replica over Redis,
 * the one that made the change need not wait for the message. The REST API and the web UI change access only here.
 */
@ApplicationScoped
public class AccessChanges {

    private final PlannerApi planner;
    private final AccessCache cache;

    AccessChanges(@RestClient PlannerApi planner, AccessCache cache) {
        this.planner = planner;
        this.cache = cache;
    }

    public Uni<MemberView> changeRole(String projectId, String subject, String role, String changedBy) {
        return planner.changeRole(projectId, subject, new UpdateMember(role, null, changedBy))
                .invoke(() -> cache.changed(projectId, subject));
    }

    public Uni<Void> removeMember(String projectId, String subject, String removedBy) {
        return planner.removeMember(projectId, subject, removedBy).invoke(() -> cache.changed(projectId, subject));
    }

    public Uni<Void> revokeToken(String projectId, String tokenId) {
        return planner.revokeToken(projectId, tokenId).invoke(() -> cache.changed(projectId, null));
    }
}
