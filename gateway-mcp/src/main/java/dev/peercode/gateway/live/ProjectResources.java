package dev.peercode.gateway.live;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectStates;
import dev.peercode.problem.ProblemException;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceManager;
import io.quarkiverse.mcp.server.ResourceResponse;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;

/**
 * The MCP resource of each project, {@code peercode://projects/{id}}: its compact state as JSON.
 * Readable through the resource template for any project. The MCP server only lets clients subscribe
 * to concrete resources, so the first time a project is touched on this replica (a tool call, a read)
 * it is also registered as a concrete resource; {@link #updated(String)} then notifies its
 * subscribers ({@code notifications/resources/updated}).
 */
@ApplicationScoped
public class ProjectResources {

    public static final String URI_PREFIX = "peercode://projects/";

    private final ProjectStates states;
    private final ResourceManager resources;
    private final ObjectMapper json;
    private final CallerResolver callers;
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    ProjectResources(ProjectStates states, ResourceManager resources, ObjectMapper json, CallerResolver callers) {
        this.states = states;
        this.resources = resources;
        this.json = json;
        this.callers = callers;
    }

    private static String uri(String projectId) {
        return URI_PREFIX + projectId;
    }

    @ResourceTemplate(name = "project", uriTemplate = "peercode://projects/{projectId}", mimeType = "application/json", description = "The compact live state of a PeerCode project: phases, open tasks, active sessions, "
            + "locks, open debates, push token and lastSeq. Subscribe to be told when its deltas advance.")
    Uni<TextResourceContents> project(String projectId, RequestUri uri) {
        return read(projectId).map(text -> new TextResourceContents(uri.value(), text, "application/json"));
    }

    /** Makes the project's resource subscribable on this replica (idempotent, cheap after the first call). */
    public void track(String projectId) {
        // The set lets one call register it: registering a URI twice fails.
        if (tracked.add(projectId)) {
            String uri = uri(projectId);
            resources.newResource("project " + projectId)
                    .setUri(uri)
                    .setMimeType("application/json")
                    .setDescription("Live state of project " + projectId + "; subscribe for updates")
                    .setAsyncHandler(args -> read(projectId).map(text -> new ResourceResponse(
                            List.of(new TextResourceContents(uri, text, "application/json")))))
                    .register();
        }
    }

    /** Tells this replica's subscribers of the project's resource that it changed. */
    public void updated(String projectId) {
        ResourceManager.ResourceInfo info = resources.getResource(uri(projectId));
        if (info != null) {
            info.sendUpdateAndForget();
        }
    }

    /** The project's state as JSON, for a caller who may see it; else "resource not found", like an unknown one. */
    private Uni<String> read(String projectId) {
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        return callers.onProject(projectId)
                .chain(() -> states.load(projectId,
                        new ProjectStates.Query(null, "open", 0, ProjectStates.DEFAULT_TASK_LIMIT, Set.of())))
                .onFailure(ProblemException.class)
                .transform(e -> notFound(projectId))
                .onFailure(BackendUnavailable.class)
                .transform(e -> new McpException(ToolErrors.unavailable((BackendUnavailable) e),
                        JsonRpcErrorCodes.INTERNAL_ERROR))
                .map(state -> {
                    track(projectId);
                    try {
                        return json.writeValueAsString(state.orElseThrow(() -> notFound(projectId)));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static McpException notFound(String projectId) {
        return new McpException("Resource not found: " + uri(projectId), JsonRpcErrorCodes.RESOURCE_NOT_FOUND);
    }
}
