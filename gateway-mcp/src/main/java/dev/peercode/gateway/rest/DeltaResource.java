package dev.peercode.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.DeltaDtos;
import dev.peercode.api.planner.DeltaDtos.DeltaRead;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.live.LongPolls;
import dev.peercode.gateway.service.Deltas;
import dev.peercode.gateway.service.Deltas.Delta;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The delta log. The post-tool-use hook polls {@code GET} with its session and no cursor. */
@Path("/api/v1/projects/{projectId}/deltas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deltas")
public class DeltaResource {

    private final PlannerApi planner;
    private final LongPolls longPolls;
    private final RestContext context;

    DeltaResource(@RestClient PlannerApi planner, LongPolls longPolls, RestContext context) {
        this.planner = planner;
        this.longPolls = longPolls;
        this.context = context;
    }

    /** A waiting read holds no thread: it waits on the planner's wake-ups ({@link LongPolls}). */
    @GET
    @Operation(summary = "Deltas after a cursor; without one, what this session has not been given yet (durable per-session cursor, advanced by this call)")
    public Uni<Deltas> read(@PathParam("projectId") String projectId,
            @Parameter(description = "The reading session; required when after is absent") @QueryParam("session") String session,
            @Parameter(description = "Return deltas with seq > after") @QueryParam("after") Long after,
            @Parameter(description = "Comma-separated delta types") @QueryParam("types") String types,
            @Parameter(description = "Skip the session's own deltas (default true)") @QueryParam("excludeOwn") @DefaultValue("true") boolean excludeOwn,
            @Parameter(description = "Long-poll up to this many seconds (0..30)") @QueryParam("waitSeconds") @DefaultValue("0") int waitSeconds,
            @Parameter(description = "Page size (1..200, default 50)") @QueryParam("limit") Integer limit,
            @Parameter(description = "Include each delta's structured data") @QueryParam("includeData") @DefaultValue("false") boolean includeData,
            @Context HttpServerRequest request) {
        Runnable arguments = () -> {
            Args.atLeastZero("after", after);
            Args.range("waitSeconds", waitSeconds, 0, 30);
            Args.range("limit", limit, 1, 200);
        };
        return (after == null ? context.acting(projectId, session, request, arguments)
                : context.reading(projectId, session, request, arguments))
                .chain(call -> longPolls.read(projectId, new DeltaRead(after, types,
                        excludeOwn ? call.session() : null, limit == null ? 50 : limit, call.session()), waitSeconds,
                        call.caller().key()))
                .map(page -> Deltas.of(page, includeData));
    }

    /**
     * The Claude Code hooks' view of {@link #read}: the session's unseen deltas as a few plain lines
     * (nothing at all when there are none), so a bash hook can hand them to the agent without a JSON
     * parser. Advances the durable cursor like a read without {@code after}.
     */
    @GET
    @Path("/digest")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "This session's unseen deltas as compact text lines for the agent's context; empty when nothing is new")
    public Uni<String> digest(@PathParam("projectId") String projectId,
            @Parameter(description = "The reading session") @QueryParam("session") String session,
            @Parameter(description = "At most this many lines (1..50, default 20)") @QueryParam("limit") Integer limit,
            @Parameter(description = "Long-poll up to this many seconds (0..30) for a new delta (the plugin's monitor)") @QueryParam("waitSeconds") @DefaultValue("0") int waitSeconds,
            @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> {
            Args.range("limit", limit, 1, 50);
            Args.range("waitSeconds", waitSeconds, 0, 30);
        }).chain(call -> {
            // The monitor's wait, like read's, holds no thread and no planner connection (LongPolls).
            return longPolls.read(projectId, new DeltaRead(null, null, call.session(), limit == null ? 20 : limit,
                    call.session()), waitSeconds, call.caller().key());
        }).map(page -> digestText(projectId, Deltas.of(page, false)));
    }

    private static String digestText(String projectId, Deltas page) {
        if (page.deltas().isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("PeerCode: new in project ").append(projectId).append(":\n");
        page.deltas().forEach(d -> text.append('#').append(d.seq()).append(' ').append(d.type()).append(" by ")
                .append(d.actor() == null ? "server" : d.actor()).append(": ").append(oneLine(d.summary())).append('\n'));
        if (page.hasMore()) {
            text.append("More are waiting: call peercode_get_deltas.\n");
        }
        return text.toString();
    }

    /**
     * A summary as exactly one line. The planner refuses control characters in summaries (and in
     * everything they quote), so this only matters for text stored before it did: a newline shown as
     * {@code \n} cannot start a line that passes for another delta in the agent's context.
     */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    @POST
    @Operation(summary = "Broadcast a discovery, decision, warning, blocker, handoff or note")
    public Uni<Response> push(@PathParam("projectId") String projectId, RestDtos.PushDelta body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> PlanResource.require(body))
                .chain(call -> planner.pushDelta(projectId,
                        new DeltaDtos.PushDelta(call.session(), body.type(), body.summary(), body.data(),
                                body.taskIds(), body.paths())))
                .map(d -> PlanResource.created("/api/v1/projects/" + projectId + "/deltas?after=" + (d.seq() - 1),
                        Delta.of(d, true)));
    }

}
