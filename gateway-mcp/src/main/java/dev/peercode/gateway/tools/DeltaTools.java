package dev.peercode.gateway.tools;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.DeltaDtos.DeltaRead;
import dev.peercode.api.planner.DeltaDtos.PushDelta;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.live.LongPolls;
import dev.peercode.gateway.service.Deltas;
import dev.peercode.gateway.service.Deltas.Delta;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/** The project's delta log: what others did and found, and broadcasting your own. */
public class DeltaTools {

    private static final List<String> PUSHABLE = List.of("discovery", "decision", "warning", "blocker", "handoff",
            "note");
    private static final Pattern DELTA_TYPE = Pattern.compile("[a-z_.]{1,40}");

    private final ToolContext context;
    private final PlannerApi planner;
    private final LongPolls longPolls;

    DeltaTools(ToolContext context, @RestClient PlannerApi planner, LongPolls longPolls) {
        this.context = context;
        this.planner = planner;
        this.longPolls = longPolls;
    }

    @Tool(name = "peercode_get_deltas", description = "What happened in the project since you last looked: tasks created "
            + "or claimed, locks, pushes, debates, discoveries. Without 'after' it returns what this session has not "
            + "been given yet (a durable cursor kept by the server, so nothing is lost across restarts) and advances it. "
            + "Your own deltas are skipped unless includeOwn. waitSeconds waits for the next delta when "
            + "there is none yet.", annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, openWorldHint = false), structuredContent = true)
    public Uni<Deltas> getDeltas(
            @ToolArg(description = "Return deltas with seq greater than this (a nextCursor or lastSeq you got); omit to use your durable cursor", required = false) @Bounds(min = 0) Long after,
            @ToolArg(description = "Only these delta types, e.g. ['discovery','task.claimed','lock.acquired']", required = false) @Bounds(max = 50) List<String> types,
            @ToolArg(description = "true: include the deltas you caused yourself (default false)", required = false) Boolean includeOwn,
            @ToolArg(description = "Wait up to this many seconds for a delta when there is none (default 0)", required = false) @Bounds(max = 30) Integer waitSeconds,
            @ToolArg(description = "At most this many deltas (default 50)", required = false) @Bounds(min = 1, max = 200) Integer limit,
            @ToolArg(description = "true: include each delta's structured data (default false: summaries only)", required = false) Boolean includeData,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        // A wait holds neither a thread nor a planner connection (LongPolls): the tool answers through a Uni.
        return context.call(projectId, sessionId, call -> {
            Args.atLeastZero("after", after);
            Args.list("types", types, false, 50, DELTA_TYPE, "must be a delta type such as discovery or task.claimed");
            Args.range("waitSeconds", waitSeconds, 0, 30);
            Args.range("limit", limit, 1, 200);
            DeltaRead read = new DeltaRead(after, types == null ? null : String.join(",", types),
                    Boolean.TRUE.equals(includeOwn) ? null : call.session(), limit == null ? 50 : limit, call.session());
            return call.run(() -> longPolls.read(call.projectId(), read, waitSeconds, call.caller().key()))
                    .map(page -> Deltas.of(page, Boolean.TRUE.equals(includeData)));
        });
    }

    @Tool(name = "peercode_push_delta", description = "Tell the other sessions something they should know: a discovery, "
            + "a decision, a warning, a blocker, a handoff or a note. One line of summary; reference tasks and paths "
            + "so others can find it.", structuredContent = true)
    public Uni<Delta> pushDelta(
            @ToolArg(description = "What kind of news") @OneOf({ "discovery", "decision", "warning", "blocker", "handoff",
                    "note" }) String type,
            @ToolArg(description = "One line for people and models") @Bounds(max = 500) String summary,
            @ToolArg(description = "Task ids it concerns", required = false) @Bounds(max = 50) List<String> taskIds,
            @ToolArg(description = "Repository paths it concerns", required = false) @Bounds(max = 100) List<String> paths,
            @ToolArg(description = "Structured details as a JSON object (at most 50 keys)", required = false) Map<String, Object> data,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.oneOf("type", type, true, PUSHABLE);
            Args.text("summary", summary, true, 500);
            Args.list("taskIds", taskIds, false, 50, Args.TASK, Args.TASK_RULE);
            Args.list("paths", paths, false, 100, null, null);
            if (data != null && data.size() > 50) {
                throw Args.invalid("data", "must have at most 50 keys");
            }
            return call.run(() -> planner.pushDelta(call.projectId(),
                    new PushDelta(call.session(), type, summary, data, taskIds, paths))).map(d -> Delta.of(d, false));
        });
    }
}
