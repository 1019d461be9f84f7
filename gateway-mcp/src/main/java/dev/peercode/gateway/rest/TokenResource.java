package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;
import static dev.peercode.gateway.rest.RestContext.created;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;

import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.api.planner.ProjectDtos.TokenView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.AccessChanges;
import dev.peercode.gateway.service.McpJson;
import io.smallrye.mutiny.Uni;

/**
 * Agent tokens of a project: owners only, and only as a person (an agent token cannot mint or revoke
 * tokens). The secret is in the creation answer only; revocation is effective with the token's next call
 * on every replica, because the gateway verifies agent tokens with the planner on every request.
 */
@Path("/api/v1/projects/{projectId}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Agent tokens")
public class TokenResource {

    /** A ready-to-paste MCP client entry for a new token ({@code .mcp.json} / {@code ~/.claude/mcp.json}). */
    public record CreatedAgentToken(String tokenId, String token, String projectId, String memberSubject,
            String name, Instant createdAt, Map<String, Object> mcpJson) {
    }

    private static final String ACTION = "manage agent tokens";

    private final PlannerApi planner;
    private final RestContext context;
    private final AccessChanges changes;

    TokenResource(@RestClient PlannerApi planner, RestContext context, AccessChanges changes) {
        this.planner = planner;
        this.context = context;
        this.changes = changes;
    }

    @POST
    @Operation(summary = "Owners only: create an agent token for a member (default: yourself); the secret is shown only here")
    @APIResponse(responseCode = "201", description = "The token with its secret and an mcp.json snippet")
    @APIResponse(responseCode = "403", description = "The caller is not an owner, or is itself an agent token")
    public Uni<Response> create(@RestPath String projectId, RestDtos.CreateToken body, @Context UriInfo uri) {
        return context.personOwner(projectId, ACTION).chain(call -> {
            Args.text("name", body(body).name(), true, 100);
            String member = Args.text("memberSubject", body.memberSubject(), false, 255);
            return planner.createToken(projectId,
                    new ProjectDtos.CreateToken(member == null ? call.caller().subject() : member, body.name()));
        }).map(t -> created("/api/v1/projects/" + projectId + "/tokens/" + t.tokenId(),
                new CreatedAgentToken(t.tokenId(), t.token(), t.projectId(), t.memberSubject(), t.name(),
                        t.createdAt(), McpJson.forToken(uri.getBaseUri().toString(), t.token(), projectId))));
    }

    @GET
    @Operation(summary = "Owners only: the project's agent tokens without secrets (created, last used, revoked)")
    public Uni<List<TokenView>> list(@RestPath String projectId) {
        return context.personOwner(projectId, ACTION).chain(() -> planner.tokens(projectId, null));
    }

    @DELETE
    @Path("/{tokenId}")
    @Operation(summary = "Owners only: revoke an agent token (idempotent); refused from its next call on")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<Void> revoke(@RestPath String projectId, @RestPath String tokenId) {
        return context.personOwner(projectId, ACTION, () -> Args.text("tokenId", tokenId, true, 64))
                .chain(() -> changes.revokeToken(projectId, tokenId));
    }
}
