package dev.peercode.gateway.live;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Await;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectState;
import dev.peercode.gateway.service.ProjectStates;
import dev.peercode.problem.ProblemException;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceManager;
import io.quarkiverse.mcp.server.ResourceResponse;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.quarkus.logging.Log;

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
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    private final CallerResolver callers;

    ProjectResources(ProjectStates states, ResourceManager resources, ObjectMapper json, CallerResolver callers) {
        this.callers = callers;
        this.states = states;
        this.resources = resources;
        this.json = json;
    }

    public static String uri(String projectId) {
        return URI_PREFIX + projectId;
    }

    @ResourceTemplate(name = "project", uriTemplate = "peercode://projects/{projectId}", mimeType = "application/json", description = "The compact live state of a PeerCode project: phases, open tasks, active sessions, "
            + "locks, open debates, push token and lastSeq. Subscribe to be told when its deltas advance.")
    TextResourceContents project(String projectId, RequestUri uri) {
        return new TextResourceContents(uri.value(), read(projectId), "application/json");
    }

    /** Makes the project's resource subscribable on this replica (idempotent, cheap after the first call). */
    public void track(String projectId) {
        if (!tracked.add(projectId)) {
            return;
        }
        String uri = uri(projectId);
        try {
            if (resources.getResource(uri) == null) {
                resources.newResource("project " + projectId)
                        .setUri(uri)
                        .setMimeType("application/json")
                        .setDescription("Live state of project " + projectId + "; subscribe for updates")
                        .setHandler(args -> new ResourceResponse(
                                List.of(new TextResourceContents(uri, read(projectId), "application/json"))))
                        .register();
            }
        } catch (IllegalArgumentException e) {
            // Another thread registered it first.
            Log.debugf("Resource %s already registered", uri);
        }
    }

    /** Tells this replica's subscribers of the project's resource that it changed. */
    public void updated(String projectId) {
        ResourceManager.ResourceInfo info = resources.getResource(uri(projectId));
        if (info != null) {
            info.sendUpdateAndForget();
        }
    }

    private String read(String projectId) {
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        ProjectState state;
        try {
            callers.onProject(projectId);
        } catch (BackendProblem | ProblemException e) {
            throw new McpException("Resource not found: " + uri(projectId), JsonRpcErrorCodes.RESOURCE_NOT_FOUND);
        } catch (BackendUnavailable e) {
            throw new McpException(ToolErrors.unavailable(e), JsonRpcErrorCodes.INTERNAL_ERROR);
        }
        try {
            state = Await.result(states.load(projectId, new ProjectStates.Query(null, "open", 0,
                    ProjectStates.DEFAULT_TASK_LIMIT, Set.of()))).orElseThrow(
                            () -> new McpException("Resource not found: " + uri(projectId),
                                    JsonRpcErrorCodes.RESOURCE_NOT_FOUND));
        } catch (BackendUnavailable e) {
            throw new McpException(ToolErrors.unavailable(e), JsonRpcErrorCodes.INTERNAL_ERROR);
        }
        track(projectId);
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
