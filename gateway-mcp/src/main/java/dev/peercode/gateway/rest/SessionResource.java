package dev.peercode.gateway.rest;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectState;
import dev.peercode.gateway.service.ProjectStates;
import io.smallrye.mutiny.Uni;

/**
 * One session's view of its project, as plain text for the Claude Code plugin's SessionStart hook:
 * a bash hook hands it to the agent without a JSON parser.
 */
@Path("/api/v1/projects/{projectId}/sessions/{session}")
@Tag(name = "Sessions")
public class SessionResource {

    /** Lines per list: the digest goes into a model's context on every session start. */
    private static final int MAX_ITEMS = 10;

    private final ProjectStates states;
    private final RestContext context;

    SessionResource(ProjectStates states, RestContext context) {
        this.states = states;
        this.context = context;
    }

    @GET
    @Path("/digest")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The session's locks and tasks, who is active, open debates and the push token, in a few lines")
    public Uni<String> digest(@RestPath String projectId, @RestPath String session) {
        return context.acting(projectId, session).chain(call -> states
                .load(projectId, new ProjectStates.Query(call.session(), "open", 0, ProjectStates.MAX_TASK_LIMIT, Set.of()))
                .map(found -> digest(projectId, call.session(), found.orElseThrow(() -> CallerResolver.notFound(projectId)))));
    }

    private static String digest(String projectId, String me, ProjectState state) {
        StringBuilder text = new StringBuilder("PeerCode: you are ").append(me).append(" in project ")
                .append(state.project().name()).append(" (").append(projectId).append("), at delta #")
                .append(state.lastSeq()).append(".\n");
        List<ProjectState.Lock> locks = state.locks() == null ? List.of() : state.locks();
        text.append("Your locks: ").append(list(locks.stream().filter(l -> me.equals(l.holder()))
                .map(ProjectState.Lock::path).toList())).append('\n');
        List<ProjectState.TaskBrief> tasks = state.tasks() == null ? List.of() : state.tasks().items();
        text.append("Your tasks: ").append(list(tasks.stream().filter(t -> me.equals(t.assignee()))
                .map(t -> t.id() + " '" + t.title() + "' (" + t.status() + ")").toList())).append('\n');
        text.append("Active sessions: ").append(list(state.activeSessions() == null ? List.of()
                : state.activeSessions().stream().map(ProjectState.Session::session).toList())).append('\n');
        text.append("Others' locks: ").append(list(locks.stream().filter(l -> !me.equals(l.holder()))
                .map(l -> l.path() + " (" + l.holder() + ")").toList())).append('\n');
        if (state.openDebates() != null && !state.openDebates().isEmpty()) {
            text.append("Open debates: ").append(list(state.openDebates().stream()
                    .map(d -> d.id() + " '" + d.topic() + "'").toList())).append('\n');
        }
        if (state.sync() != null && state.sync().holder() != null) {
            text.append("Push token: ").append(state.sync().youHoldIt() ? "you hold it" : "held by " + state.sync().holder())
                    .append('\n');
        }
        return text.toString();
    }

    private static String list(List<String> items) {
        if (items.isEmpty()) {
            return "none";
        }
        String shown = items.stream().limit(MAX_ITEMS).collect(Collectors.joining(", "));
        return items.size() > MAX_ITEMS ? shown + " and " + (items.size() - MAX_ITEMS) + " more" : shown;
    }
}
