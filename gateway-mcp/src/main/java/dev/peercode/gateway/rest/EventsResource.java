package dev.peercode.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.EnteredFirst;
import dev.peercode.gateway.live.LiveStreams;
import dev.peercode.gateway.live.ProjectWakeups;
import dev.peercode.gateway.live.ProjectWakeups.Wakeup;
import io.smallrye.mutiny.Multi;

/**
 * Live wake-ups for the web UI: a server-sent event each time the project's delta log advances. Limited per
 * caller and ended when the caller loses access to the project ({@link LiveStreams}).
 */
@Path("/api/v1/projects/{projectId}/events")
@Tag(name = "Deltas")
public class EventsResource {

    private final ProjectWakeups wakeups;
    private final CallContext calls;
    private final LiveStreams streams;

    EventsResource(ProjectWakeups wakeups, CallContext calls, LiveStreams streams) {
        this.wakeups = wakeups;
        this.calls = calls;
        this.streams = streams;
    }

    @GET
    @EnteredFirst
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events {projectId, seq} when the project's deltas advance; then read the deltas after your cursor (429 too-many-streams beyond peercode.gateway.live.max-streams-per-caller; ends when you lose access)")
    public Multi<Wakeup> events(@RestPath String projectId) {
        return streams.guarded(calls.caller(), projectId, wakeups.of(projectId));
    }
}
