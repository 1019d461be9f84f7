package dev.peercode.gateway.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.gateway.client.PlannerDtos.AddMember;
import dev.peercode.gateway.client.PlannerDtos.ClaimTask;
import dev.peercode.gateway.client.PlannerDtos.CloseDebate;
import dev.peercode.gateway.client.PlannerDtos.CreatePhase;
import dev.peercode.gateway.client.PlannerDtos.CreateProject;
import dev.peercode.gateway.client.PlannerDtos.CreateTask;
import dev.peercode.gateway.client.PlannerDtos.CreateToken;
import dev.peercode.gateway.client.PlannerDtos.CreateWebhook;
import dev.peercode.gateway.client.PlannerDtos.CreatedToken;
import dev.peercode.gateway.client.PlannerDtos.CreatedWebhook;
import dev.peercode.gateway.client.PlannerDtos.DebateView;
import dev.peercode.gateway.client.PlannerDtos.DecideDebate;
import dev.peercode.gateway.client.PlannerDtos.DeliveryView;
import dev.peercode.gateway.client.PlannerDtos.DeltaPage;
import dev.peercode.gateway.client.PlannerDtos.DeltaPages;
import dev.peercode.gateway.client.PlannerDtos.DeltaReads;
import dev.peercode.gateway.client.PlannerDtos.DeltaView;
import dev.peercode.gateway.client.PlannerDtos.MemberView;
import dev.peercode.gateway.client.PlannerDtos.MoveTask;
import dev.peercode.gateway.client.PlannerDtos.PhaseView;
import dev.peercode.gateway.client.PlannerDtos.ProjectDetail;
import dev.peercode.gateway.client.PlannerDtos.ProjectView;
import dev.peercode.gateway.client.PlannerDtos.PushDelta;
import dev.peercode.gateway.client.PlannerDtos.RespondDebate;
import dev.peercode.gateway.client.PlannerDtos.StartDebate;
import dev.peercode.gateway.client.PlannerDtos.TaskView;
import dev.peercode.gateway.client.PlannerDtos.TokenView;
import dev.peercode.gateway.client.PlannerDtos.UpdateMember;
import dev.peercode.gateway.client.PlannerDtos.UpdateTask;
import dev.peercode.gateway.client.PlannerDtos.VerifiedToken;
import dev.peercode.gateway.client.PlannerDtos.VerifyToken;
import dev.peercode.gateway.client.PlannerDtos.WebhookView;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** The planner-service's internal API ({@code /v1}), as the gateway calls it. Used only through {@link PlannerClient}. */
@RegisterRestClient(configKey = "planner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(InternalCredential.class)
interface PlannerApi {

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return Problems.read(PlannerClient.SERVICE, response);
    }

    @GET
    @Path("/q/health/ready")
    Uni<Response> readiness();

    @POST
    @Path("/v1/projects")
    Uni<ProjectView> createProject(CreateProject body);

    @GET
    @Path("/v1/projects")
    Uni<List<ProjectView>> projects(@QueryParam("memberSubject") String memberSubject);

    @GET
    @Path("/v1/projects/{projectId}")
    Uni<ProjectDetail> project(@PathParam("projectId") String projectId);

    /** {@code plan=false}: the project alone ({@code plan} absent), without the planner reading the plan. */
    @GET
    @Path("/v1/projects/{projectId}")
    Uni<ProjectDetail> project(@PathParam("projectId") String projectId, @QueryParam("plan") boolean plan);

    @GET
    @Path("/v1/projects/{projectId}/members")
    Uni<List<MemberView>> members(@PathParam("projectId") String projectId);

    @POST
    @Path("/v1/projects/{projectId}/members")
    Uni<MemberView> addMember(@PathParam("projectId") String projectId, AddMember body);

    @GET
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<MemberView> member(@PathParam("projectId") String projectId, @PathParam("subject") String subject);

    @PATCH
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<MemberView> updateMember(@PathParam("projectId") String projectId, @PathParam("subject") String subject,
            UpdateMember body);

    @DELETE
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<Void> removeMember(@PathParam("projectId") String projectId, @PathParam("subject") String subject,
            @QueryParam("removedBy") String removedBy);

    @POST
    @Path("/v1/projects/{projectId}/webhooks")
    Uni<CreatedWebhook> createWebhook(@PathParam("projectId") String projectId, CreateWebhook body);

    @GET
    @Path("/v1/projects/{projectId}/webhooks")
    Uni<List<WebhookView>> webhooks(@PathParam("projectId") String projectId);

    @DELETE
    @Path("/v1/projects/{projectId}/webhooks/{webhookId}")
    Uni<Void> deleteWebhook(@PathParam("projectId") String projectId, @PathParam("webhookId") String webhookId);

    @GET
    @Path("/v1/projects/{projectId}/webhooks/{webhookId}/deliveries")
    Uni<List<DeliveryView>> deliveries(@PathParam("projectId") String projectId, @PathParam("webhookId") String webhookId,
            @QueryParam("limit") int limit);

    @POST
    @Path("/v1/projects/{projectId}/agent-tokens")
    Uni<CreatedToken> createToken(@PathParam("projectId") String projectId, CreateToken body);

    @GET
    @Path("/v1/projects/{projectId}/agent-tokens")
    Uni<List<TokenView>> tokens(@PathParam("projectId") String projectId, @QueryParam("memberSubject") String memberSubject);

    @DELETE
    @Path("/v1/projects/{projectId}/agent-tokens/{tokenId}")
    Uni<Void> revokeToken(@PathParam("projectId") String projectId, @PathParam("tokenId") String tokenId);

    @POST
    @Path("/v1/agent-tokens/verify")
    Uni<VerifiedToken> verifyToken(VerifyToken body);

    @POST
    @Path("/v1/projects/{projectId}/phases")
    Uni<PhaseView> createPhase(@PathParam("projectId") String projectId, CreatePhase body);

    @GET
    @Path("/v1/projects/{projectId}/tasks")
    Uni<List<TaskView>> tasks(@PathParam("projectId") String projectId, @QueryParam("status") String status,
            @QueryParam("phaseId") String phaseId, @QueryParam("assignee") String assignee);

    @GET
    @Path("/v1/projects/{projectId}/tasks/{taskId}")
    Uni<TaskView> task(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId);

    @POST
    @Path("/v1/projects/{projectId}/tasks")
    Uni<TaskView> createTask(@PathParam("projectId") String projectId, CreateTask body);

    @PATCH
    @Path("/v1/projects/{projectId}/tasks/{taskId}")
    Uni<TaskView> updateTask(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            UpdateTask body);

    @POST
    @Path("/v1/projects/{projectId}/tasks/{taskId}/claim")
    Uni<TaskView> claimTask(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId, ClaimTask body);

    @POST
    @Path("/v1/projects/{projectId}/tasks/{taskId}/move")
    Uni<TaskView> moveTask(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId, MoveTask body);

    @GET
    @Path("/v1/projects/{projectId}/deltas")
    Uni<DeltaPage> deltas(@PathParam("projectId") String projectId, @QueryParam("after") Long after,
            @QueryParam("types") String types, @QueryParam("excludeActor") String excludeActor,
            @QueryParam("limit") Integer limit, @QueryParam("waitSeconds") Integer waitSeconds,
            @QueryParam("session") String session);

    @POST
    @Path("/v1/projects/{projectId}/deltas/reads")
    Uni<DeltaPages> deltaReads(@PathParam("projectId") String projectId, DeltaReads body);

    @POST
    @Path("/v1/projects/{projectId}/deltas")
    Uni<DeltaView> pushDelta(@PathParam("projectId") String projectId, PushDelta body);

    @GET
    @Path("/v1/projects/{projectId}/debates")
    Uni<List<DebateView>> debates(@PathParam("projectId") String projectId, @QueryParam("status") String status);

    @POST
    @Path("/v1/projects/{projectId}/debates")
    Uni<DebateView> startDebate(@PathParam("projectId") String projectId, StartDebate body);

    @POST
    @Path("/v1/projects/{projectId}/debates/{debateId}/responses")
    Uni<DebateView> respondDebate(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            RespondDebate body);

    @POST
    @Path("/v1/projects/{projectId}/debates/{debateId}/escalate")
    Uni<DebateView> escalateDebate(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            CloseDebate body);

    @POST
    @Path("/v1/projects/{projectId}/debates/{debateId}/decision")
    Uni<DebateView> decideDebate(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            DecideDebate body);

    @POST
    @Path("/v1/projects/{projectId}/replan/analysis")
    Uni<JsonNode> analyse(@PathParam("projectId") String projectId, JsonNode facts);

    @POST
    @Path("/v1/projects/{projectId}/replan/revisions")
    Uni<JsonNode> revise(@PathParam("projectId") String projectId, JsonNode revision);
}
