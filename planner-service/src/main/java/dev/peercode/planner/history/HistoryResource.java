package dev.peercode.planner.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.TaskHistory;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.error.Check;

/** Facts the delta log holds about the project's past, derived where the log lives (the web UI's pictures). */
@Path("/v1/projects/{projectId}/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "history")
public class HistoryResource {

    /** The longest window one read of the sessions' spans covers. */
    static final Duration MAX_WINDOW = Duration.ofHours(24);

    private final HistoryService history;

    public HistoryResource(HistoryService history) {
        this.history = history;
    }

    @GET
    @Path("/tasks")
    @Operation(summary = "When each task of the plan (cancelled ones left out) was created and, if done, last done")
    public TaskHistory tasks(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId) {
        return history.tasks(projectId);
    }

    @GET
    @Path("/sessions")
    @Operation(summary = "What each session held (tasks, file locks, the push token) and did (pushes, debate steps) "
            + "between since and until, at most 24 hours")
    public SessionHistory sessions(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Parameter(description = "The window's start, an ISO-8601 instant", required = true) @QueryParam("since") String since,
            @Parameter(description = "The window's end, an ISO-8601 instant (default, and at the latest: now)") @QueryParam("until") String until) {
        Instant now = Instant.now();
        Instant start = instant(since);
        Instant end = until == null ? now : instant(until);
        Check check = new Check().require(start != null, "since", "must be an ISO-8601 instant")
                .require(until == null || end != null, "until", "must be an ISO-8601 instant");
        check.orThrow();
        check.require(start.isBefore(end), "since", "must be before until")
                .require(!start.isBefore(end.minus(MAX_WINDOW)), "since", "must be at most 24 hours before until")
                .orThrow();
        // The log has nothing later than now; a caller's clock a little ahead of ours asks for now.
        return history.sessions(projectId, start, end.isAfter(now) ? now : end);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
