package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.api.planner.DebateDtos;
import dev.peercode.api.planner.DebateDtos.DebateView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.service.ReplanService;
import io.smallrye.mutiny.Uni;

/** Debates (including a person's decision from the web UI) and replanning. */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Debates and replanning")
public class DebateResource {

    private final PlannerApi planner;
    private final ReplanService replans;
    private final RestContext context;

    DebateResource(@RestClient PlannerApi planner, ReplanService replans, RestContext context) {
        this.planner = planner;
        this.replans = replans;
        this.context = context;
    }

    @GET
    @Path("/debates")
    @Operation(summary = "Debates, newest first, optionally only those with a status (open, resolved, escalated, withdrawn)")
    public Uni<List<DebateView>> debates(@RestPath String projectId, @RestQuery String status, @RestQuery String session) {
        return context.reading(projectId, session).chain(() -> planner.debates(projectId, status));
    }

    @POST
    @Path("/debates")
    @Operation(summary = "Open a debate: topic, question, options (2..10), participants (1..20), deadlineSeconds, taskIds")
    public Uni<DebateView> start(@RestPath String projectId, RestDtos.StartDebate body, @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body))
                .chain(call -> planner.startDebate(projectId, new DebateDtos.StartDebate(call.session(), body.topic(),
                        body.question(), body.options(), body.participants(), body.deadlineSeconds(), body.taskIds())));
    }

    @POST
    @Path("/debates/{debateId}/responses")
    @Operation(summary = "Answer a debate (participants only, once): choice and argument; escalate=true asks a person instead")
    public Uni<DebateView> respond(@RestPath String projectId, @RestPath String debateId, RestDtos.RespondDebate body,
            @RestQuery String session) {
        return context.acting(projectId, session, () -> debateId(debateId), () -> body(body))
                .chain(call -> Boolean.TRUE.equals(body.escalate())
                        ? planner.escalateDebate(projectId, debateId,
                                new DebateDtos.Escalate(call.session(), body.argument()))
                        : planner.respondDebate(projectId, debateId,
                                new DebateDtos.Respond(call.session(), body.choice(), body.argument())));
    }

    @POST
    @Path("/debates/{debateId}/decision")
    @Operation(summary = "A person decides an open or escalated debate (web UI); recorded with the caller's subject")
    public Uni<DebateView> decide(@RestPath String projectId, @RestPath String debateId, RestDtos.DecideDebate body) {
        return context.reading(projectId, null, () -> debateId(debateId), () -> body(body)).chain(call -> {
            CallContext.requirePersonOwner(call.caller(), "decide a debate");
            return planner.decideDebate(projectId, debateId,
                    new DebateDtos.Decide(call.caller().subject(), body.choice(), body.reason()));
        });
    }

    @POST
    @Path("/replan")
    @Operation(summary = "Without operations: a proposal with findings and reasons. With operations: apply them all or none as one plan revision")
    public Uni<JsonNode> replan(@RestPath String projectId, RestDtos.Replan body, @RestQuery String session) {
        return context.acting(projectId, session).chain(call -> body == null || body.operations() == null
                || body.operations().isEmpty() ? replans.propose(projectId, call.session())
                        : replans.apply(projectId, call.session(), body.operations(), body.reason(), body.basedOnSeq()));
    }

    private static void debateId(String debateId) {
        Args.required("debateId", debateId, Args.DEBATE, Args.DEBATE_RULE);
    }
}
