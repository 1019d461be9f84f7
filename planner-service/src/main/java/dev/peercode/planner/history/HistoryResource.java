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
    /** How far behind this server's clock a caller's "now" may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

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
            + "between since and now, at most 24 hours")
    public SessionHistory sessions(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Parameter(description = "The window's start, an ISO-8601 instant", required = true) @QueryParam("since") String since,
            @Parameter(description = "The window's end: now (the default; a caller's clock may be up to 5 minutes behind)") @QueryParam("until") String until) {
        Instant now = Instant.now();
        Instant start = instant(since);
        Instant asked = until == null ? now : instant(until);
        new Check().require(start != null, "since", "must be an ISO-8601 instant")
                .require(asked != null, "until", "must be an ISO-8601 instant").orThrow();
        // Open spans are settled against the plan as it is now, so a window ends now; callers' clocks may differ a
        // little from ours either way, and a window asked to end later ends now (the log has nothing later).
        Instant end = asked.isAfter(now) ? now : asked;
        new Check().require(!end.isBefore(now.minus(CLOCK_SKEW)), "until", "must be now (omit it)")
                .require(start.isBefore(end), "since", "must be before until and now")
                .require(!start.isBefore(end.minus(MAX_WINDOW)), "since", "must be at most 24 hours before until")
                .orThrow();
        return history.sessions(projectId, start, end);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
