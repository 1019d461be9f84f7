package dev.peercode.planner.project;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.api.planner.ProjectDtos.VerifyToken;
import dev.peercode.planner.error.Problems;

@Path("/v1/agent-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agent-tokens")
public class AgentTokenResource {

    private final AgentTokenService tokens;

    public AgentTokenResource(AgentTokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Path("/verify")
    @Operation(summary = "Resolve a pct_ secret to its project, member and role; 404 when unknown or revoked")
    public VerifiedToken verify(@Valid @NotNull VerifyToken body) {
        // One answer for unknown, revoked and malformed: the caller learns nothing about other tokens.
        return tokens.verify(body.token()).orElseThrow(() -> Problems.notFound("agent token", "(given)"));
    }
}
