package dev.peercode.gateway.web;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.AccessChanges;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.service.McpJson;
import dev.peercode.problem.ProblemException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * Agent tokens, owners only (as on the REST API): list without secrets, create (the secret and the
 * ready-to-paste Claude Code and Cursor {@code mcp.json} are in that one answer, never stored or shown
 * again), revoke (refused from the token's next call on).
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiTokenResource {

    private static final String ACTION = "manage agent tokens";

    private final UiAccess access;
    private final ProjectViews views;
    private final PlannerApi planner;
    private final ObjectMapper json;
    private final AccessChanges changes;

    UiTokenResource(UiAccess access, ProjectViews views, @RestClient PlannerApi planner, ObjectMapper json,
            AccessChanges changes) {
        this.changes = changes;
        this.access = access;
        this.views = views;
        this.planner = planner;
        this.json = json;
    }

    @GET
    @Path("/projects/{projectId}/tokens")
    @Operation(hidden = true)
    public Uni<TemplateInstance> tokens(@PathParam("projectId") String projectId) {
        return access.owner(projectId, ACTION).chain(caller -> page(projectId, caller, null));
    }

    @POST
    @Path("/projects/{projectId}/tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> create(@PathParam("projectId") String projectId, @RestForm String name,
            @RestForm String memberSubject, @Context UriInfo uri) {
        return access.owner(projectId, ACTION).chain(caller -> {
            Args.text("name", name, true, 100);
            Args.text("memberSubject", memberSubject, false, 255);
            String member = UiResource.blankToNull(memberSubject);
            return planner.createToken(projectId,
                    new ProjectDtos.CreateToken(member == null ? caller.subject() : member, name.strip()))
                    .chain(t -> {
                        Map<String, Object> claudeCode = McpJson.forToken(uri.getBaseUri().toString(), t.token(),
                                projectId);
                        return page(projectId, caller, new Templates.CreatedToken(t.tokenId(), t.name(),
                                t.memberSubject(), t.token(), pretty(claudeCode), pretty(cursor(claudeCode))));
                    });
        }) // The secret is in this answer only: no caching anywhere, no redirect that would lose it.
                .map(page -> Response.ok(page.render()).header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("/projects/{projectId}/tokens/{tokenId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revoke(@PathParam("projectId") String projectId, @PathParam("tokenId") String tokenId) {
        return access.owner(projectId, ACTION).chain(caller -> {
            Args.text("tokenId", tokenId, true, 64);
            return changes.revokeToken(projectId, tokenId);
        }).map(revoked -> UiResource.seeOther("/ui/projects/" + projectId + "/tokens"));
    }

    private Uni<TemplateInstance> page(String projectId, Caller caller, Templates.CreatedToken created) {
        return Uni.combine().all().unis(views.project(projectId), planner.tokens(projectId, null),
                views.people(projectId)).with(
                        (project, tokens, people) -> Templates
                                .tokens(new Templates.Page(project, caller, "tokens"), tokens, people, created));
    }

    /** Cursor's {@code mcp.json} is Claude Code's without the transport type (Cursor infers it from the URL). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursor(Map<String, Object> claudeCode) {
        Map<String, Object> server = new java.util.LinkedHashMap<>(
                (Map<String, Object>) ((Map<String, Object>) claudeCode.get("mcpServers")).get("peercode"));
        server.remove("type");
        return Map.of("mcpServers", Map.of("peercode", server));
    }

    private String pretty(Map<String, Object> value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** Failures as pages ({@link UiErrors}); declared here, so the REST API keeps its problem+json. */
    @ServerExceptionMapper({ BackendProblem.class, ProblemException.class, BackendUnavailable.class,
            InvalidArgument.class })
    Response failed(RuntimeException e) {
        return UiErrors.page(e);
    }
}
