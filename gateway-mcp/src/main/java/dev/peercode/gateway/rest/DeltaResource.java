package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;
import static dev.peercode.gateway.rest.RestContext.created;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.peercode.api.planner.DeltaDtos;
import dev.peercode.api.planner.DeltaDtos.DeltaRead;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.live.LongPolls;
import dev.peercode.gateway.service.Deltas;
import dev.peercode.gateway.service.Deltas.Delta;
import io.smallrye.mutiny.Uni;

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

    /** A waiting read (here and in the digest) holds no thread: it waits on the planner's wake-ups ({@link LongPolls}). */
    @GET
    @Operation(summary = "Deltas after a cursor; without one, what this session has not been given yet (durable per-session cursor, advanced by this call)")
    public Uni<Deltas> read(@RestPath String projectId,
            @Parameter(description = "The reading session; required when after is absent") @RestQuery String session,
            @Parameter(description = "Return deltas with seq > after") @RestQuery Long after,
            @Parameter(description = "Comma-separated delta types") @RestQuery String types,
            @Parameter(description = "Skip the session's own deltas (default true)") @RestQuery @DefaultValue("true") boolean excludeOwn,
            @Parameter(description = "Long-poll up to this many seconds (0..30)") @RestQuery @DefaultValue("0") int waitSeconds,
            @Parameter(description = "Page size (1..200, default 50)") @RestQuery Integer limit,
            @Parameter(description = "Include each delta's structured data") @RestQuery @DefaultValue("false") boolean includeData) {
        Runnable arguments = () -> {
            Args.atLeastZero("after", after);
            Args.range("waitSeconds", waitSeconds, 0, 30);
            Args.range("limit", limit, 1, 200);
        };
        return (after == null ? context.acting(projectId, session, arguments)
                : context.reading(projectId, session, arguments))
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
    public Uni<String> digest(@RestPath String projectId,
            @Parameter(description = "The reading session") @RestQuery String session,
            @Parameter(description = "At most this many lines (1..50, default 20)") @RestQuery Integer limit,
            @Parameter(description = "Long-poll up to this many seconds (0..30) for a new delta (the plugin's monitor)") @RestQuery @DefaultValue("0") int waitSeconds) {
        return context.acting(projectId, session, () -> {
            Args.range("limit", limit, 1, 50);
            Args.range("waitSeconds", waitSeconds, 0, 30);
        }).chain(call -> longPolls.read(projectId,
                new DeltaRead(null, null, call.session(), limit == null ? 20 : limit, call.session()), waitSeconds,
                call.caller().key())).map(page -> digestText(projectId, Deltas.of(page, false)));
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
    public Uni<Response> push(@RestPath String projectId, RestDtos.PushDelta body, @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body)).chain(call -> planner.pushDelta(projectId,
                new DeltaDtos.PushDelta(call.session(), body.type(), body.summary(), body.data(), body.taskIds(),
                        body.paths())))
                .map(d -> created("/api/v1/projects/" + projectId + "/deltas?after=" + (d.seq() - 1), Delta.of(d, true)));
    }
}
