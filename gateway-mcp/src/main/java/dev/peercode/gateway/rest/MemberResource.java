package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;
import static dev.peercode.gateway.rest.RestContext.created;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;

import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.AccessChanges;
import io.smallrye.mutiny.Uni;

/**
 * A project's members: every member reads the list (with each person's name as last seen signed in);
 * owners, signed in as people, add members, change roles and remove members. The planner keeps the rule
 * that a project always has an owner (409 {@code last-owner}, atomically under the project lock).
 */
@Path("/api/v1/projects/{projectId}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Members")
public class MemberResource {

    static final List<String> ROLES = List.of("owner", "member");

    private final PlannerApi planner;
    private final RestContext context;
    private final AccessChanges changes;

    MemberResource(@RestClient PlannerApi planner, RestContext context, AccessChanges changes) {
        this.planner = planner;
        this.context = context;
        this.changes = changes;
    }

    @GET
    @Operation(summary = "The project's members: subject, name (when seen signed in), role, since")
    public Uni<List<MemberView>> list(@RestPath String projectId) {
        return context.reading(projectId, null).chain(() -> planner.members(projectId));
    }

    @POST
    @Operation(summary = "Owners only: add a member by OIDC subject")
    @APIResponse(responseCode = "201", description = "Added; Location names the membership")
    @APIResponse(responseCode = "409", description = "Already a member")
    public Uni<Response> add(@RestPath String projectId, RestDtos.AddMember body) {
        return context.personOwner(projectId, "add members").chain(call -> {
            String subject = Args.subject("subject", body(body).subject());
            Args.oneOf("role", body.role(), true, ROLES);
            Args.text("displayName", body.displayName(), false, 200);
            return planner.addMember(projectId, new ProjectDtos.AddMember(subject, body.role(),
                    call.caller().subject(), Args.stripped(body.displayName())));
        }).map(added -> created("/api/v1/projects/" + projectId + "/members/"
                + URLEncoder.encode(added.subject(), StandardCharsets.UTF_8).replace("+", "%20"), added));
    }

    @PATCH
    @Path("/{subject}")
    @Operation(summary = "Owners only: change a member's role; the last owner stays owner")
    @APIResponse(responseCode = "409", description = "last-owner: the project's only owner cannot become a member")
    public Uni<MemberView> changeRole(@RestPath String projectId, @RestPath String subject, RestDtos.ChangeRole body) {
        return context.personOwner(projectId, "change roles").chain(call -> {
            String member = Args.subject("subject", subject);
            Args.oneOf("role", body(body).role(), true, ROLES);
            return changes.changeRole(projectId, member, body.role(), call.caller().subject());
        });
    }

    @DELETE
    @Path("/{subject}")
    @Operation(summary = "Owners only: remove a member (their agent tokens stop working); the last owner cannot be removed")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "last-owner: the project's only owner cannot be removed")
    public Uni<Void> remove(@RestPath String projectId, @RestPath String subject) {
        return context.personOwner(projectId, "remove members")
                .chain(call -> changes.removeMember(projectId, Args.subject("subject", subject), call.caller().subject()));
    }
}
