package dev.peercode.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.peercode.gateway.client.PlannerClient;
import dev.peercode.gateway.service.ReplanService;
import io.vertx.core.http.HttpServerRequest;

/** Debates and replanning: the planner's answers, passed through with the acting session added. */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Debates and replanning")
public class DebateResource {

    private final PlannerClient planner;
    private final ReplanService replans;
    private final RestContext context;
    private final ObjectMapper json;

    DebateResource(PlannerClient planner, ReplanService replans, RestContext context, ObjectMapper json) {
        this.planner = planner;
        this.replans = replans;
        this.context = context;
        this.json = json;
    }

    @GET
    @Path("/debates")
    @Operation(summary = "Debates, optionally only those with a status (open, resolved, escalated, withdrawn)")
    public JsonNode debates(@PathParam("projectId") String projectId, @QueryParam("status") String status,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        context.reading(projectId, session, request);
        return planner.debates(projectId, status);
    }

    @POST
    @Path("/debates")
    @Operation(summary = "Open a debate: topic, question, options, participants, deadlineSeconds, taskIds")
    public JsonNode start(@PathParam("projectId") String projectId, RestDtos.StartDebate body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        RestContext.Call call = context.acting(projectId, session, request);
        PlanResource.require(body);
        ObjectNode node = json.valueToTree(body);
        node.put("actor", call.session());
        return planner.startDebate(projectId, node);
    }

    @POST
    @Path("/debates/{debateId}/responses")
    @Operation(summary = "Answer a debate: choice and argument, or escalate")
    public JsonNode respond(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            RestDtos.RespondDebate body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        RestContext.Call call = context.acting(projectId, session, request);
        PlanResource.require(body);
        ObjectNode node = json.valueToTree(body);
        node.put("actor", call.session());
        return planner.respondDebate(projectId, debateId, node);
    }

    @POST
    @Path("/replan")
    @Operation(summary = "Without operations: a proposal with findings and reasons. With operations: apply them all or none as one plan revision")
    public JsonNode replan(@PathParam("projectId") String projectId, RestDtos.Replan body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        RestContext.Call call = context.acting(projectId, session, request);
        if (body == null || body.operations() == null || body.operations().isEmpty()) {
            return replans.propose(projectId, call.session());
        }
        return replans.apply(projectId, call.session(), body.operations(), body.reason(), body.basedOnSeq());
    }
}
