package dev.peercode.lock.presence;

import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.ProjectId;
import dev.peercode.api.SessionId;
import dev.peercode.api.lock.PresenceListResponse;
import dev.peercode.api.lock.PresenceView;
import dev.peercode.rules.text.SingleLine;

/** Internal API for session presence; the gateway touches the caller's session on every call. */
@Path("/v1/projects/{projectId}/presence")
@Tag(name = "Presence")
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private final PresenceService presence;

    public PresenceResource(PresenceService presence) {
        this.presence = presence;
    }

    @PUT
    @Path("/{session}")
    @Operation(summary = "Mark a session as seen now (as the member of X-PeerCode-Member; 409 session-taken when the name is another member's)")
    public PresenceView touch(
            @PathParam("projectId") @ProjectId String projectId,
            @PathParam("session") @SessionId String session,
            @HeaderParam(SessionBinding.MEMBER_HEADER) @Size(max = 255) @SingleLine String member) {
        return presence.touch(projectId, session, member);
    }

    @GET
    @Operation(summary = "Active sessions (seen within the presence window), most recent first")
    public PresenceListResponse active(
            @PathParam("projectId") @ProjectId String projectId) {
        return presence.active(projectId);
    }
}
