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

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.api.planner.DebateDtos.DebateView;
import dev.peercode.api.planner.DebateDtos.Decide;
import dev.peercode.api.planner.DebateDtos.Escalate;
import dev.peercode.api.planner.DebateDtos.Respond;
import dev.peercode.api.planner.DebateDtos.StartDebate;
import dev.peercode.api.planner.DeltaDtos.DeltaPages;
import dev.peercode.api.planner.DeltaDtos.DeltaReads;
import dev.peercode.api.planner.DeltaDtos.PushDelta;
import dev.peercode.api.planner.DeltaPage;
import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.TaskHistory;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.ProjectDtos.AddMember;
import dev.peercode.api.planner.ProjectDtos.CreateProject;
import dev.peercode.api.planner.ProjectDtos.CreateToken;
import dev.peercode.api.planner.ProjectDtos.CreatedToken;
import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.ProjectDetail;
import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.api.planner.ProjectDtos.TokenView;
import dev.peercode.api.planner.ProjectDtos.UpdateMember;
import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.api.planner.ProjectDtos.VerifyToken;
import dev.peercode.api.planner.TaskDtos.ClaimTask;
import dev.peercode.api.planner.TaskDtos.CreatePhase;
import dev.peercode.api.planner.TaskDtos.CreateTask;
import dev.peercode.api.planner.TaskDtos.MoveTask;
import dev.peercode.api.planner.TaskDtos.UpdateTask;
import dev.peercode.api.planner.WebhookDtos.CreateWebhook;
import dev.peercode.api.planner.WebhookDtos.CreatedWebhook;
import dev.peercode.api.planner.WebhookDtos.DeliveryView;
import dev.peercode.api.planner.WebhookDtos.WebhookView;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The planner-service's internal API ({@code /v1}): the gateway's single entry point to the planner, injected with
 * {@code @RestClient}. Every call answers through a {@link Uni}, bounded by a timeout and guarded by one circuit
 * breaker per method; only idempotent calls are retried. A 4xx answer is a {@link BackendProblem} (a lookup reads
 * 404 as empty with {@link BackendProblem#orEmpty}); anything else that goes wrong is a {@link BackendUnavailable}
 * naming the planner ({@link BackendCall}, outside the fault-tolerance guards, so it sees what is left after them).
 */
@RegisterRestClient(configKey = "planner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(InternalCredential.class)
// Every method: bounded, and behind its own circuit breaker; a 4xx answer is not a failure of the backend.
@Timeout(3000)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BackendProblem.class)
@BackendCall(PlannerApi.SERVICE)
public interface PlannerApi {

    /** How callers see this backend named. */
    String SERVICE = "planner-service";

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return Problems.read(SERVICE, response);
    }

    /** Read through {@code BackendsReadinessCheck}; its breaker never opens, so readiness follows the planner at once. */
    @GET
    @Path("/q/health/ready")
    @CircuitBreaker(skipOn = Throwable.class)
    Uni<Response> readiness();

    @POST
    @Path("/v1/projects")
    Uni<ProjectView> createProject(CreateProject body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects")
    Uni<List<ProjectView>> projects(@QueryParam("memberSubject") String memberSubject);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}")
    Uni<ProjectDetail> project(@PathParam("projectId") String projectId);

    /** {@code plan=false}: the project alone ({@code plan} absent), without the planner reading the plan. */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}")
    Uni<ProjectDetail> project(@PathParam("projectId") String projectId, @QueryParam("plan") boolean plan);

    /** When each task of the plan was created and done, derived by the planner from its log (the burn-up). */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/history/tasks")
    Uni<TaskHistory> taskHistory(@PathParam("projectId") String projectId);

    /**
     * What each session held and did between {@code since} and {@code until} (ISO-8601 instants; until null: now),
     * at most 24 hours, derived by the planner from its log (the swimlane).
     */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/history/sessions")
    Uni<SessionHistory> sessionHistory(@PathParam("projectId") String projectId, @QueryParam("since") String since,
            @QueryParam("until") String until);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/members")
    Uni<List<MemberView>> members(@PathParam("projectId") String projectId);

    /** Adds a member; a subject that already is one is a 409 conflict problem. */
    @POST
    @Path("/v1/projects/{projectId}/members")
    Uni<MemberView> addMember(@PathParam("projectId") String projectId, AddMember body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<MemberView> member(@PathParam("projectId") String projectId, @PathParam("subject") String subject);

    /**
     * Changes a member's role ({@code role} and {@code changedBy} only); the last owner stays owner (409 {@code last-owner}).
     */
    @PATCH
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<MemberView> changeRole(@PathParam("projectId") String projectId, @PathParam("subject") String subject,
            UpdateMember body);

    /** Remembers the name a person was seen signed in under ({@code displayName} only: idempotent, hence retried). */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @PATCH
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<MemberView> rememberName(@PathParam("projectId") String projectId, @PathParam("subject") String subject,
            UpdateMember body);

    /** Removes a member and their agent tokens; the last owner cannot be removed (409 {@code last-owner}). */
    @DELETE
    @Path("/v1/projects/{projectId}/members/{subject}")
    Uni<Void> removeMember(@PathParam("projectId") String projectId, @PathParam("subject") String subject,
            @QueryParam("removedBy") String removedBy);

    /** Creates a webhook; the answer carries its signing secret, the only time it leaves the planner. */
    @POST
    @Path("/v1/projects/{projectId}/webhooks")
    Uni<CreatedWebhook> createWebhook(@PathParam("projectId") String projectId, CreateWebhook body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/webhooks")
    Uni<List<WebhookView>> webhooks(@PathParam("projectId") String projectId);

    @DELETE
    @Path("/v1/projects/{projectId}/webhooks/{webhookId}")
    Uni<Void> deleteWebhook(@PathParam("projectId") String projectId, @PathParam("webhookId") String webhookId);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/webhooks/{webhookId}/deliveries")
    Uni<List<DeliveryView>> deliveries(@PathParam("projectId") String projectId, @PathParam("webhookId") String webhookId,
            @QueryParam("limit") int limit);

    @POST
    @Path("/v1/projects/{projectId}/agent-tokens")
    Uni<CreatedToken> createToken(@PathParam("projectId") String projectId, CreateToken body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/agent-tokens")
    Uni<List<TokenView>> tokens(@PathParam("projectId") String projectId, @QueryParam("memberSubject") String memberSubject);

    /** Revokes an agent token (idempotent, hence retried). */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @DELETE
    @Path("/v1/projects/{projectId}/agent-tokens/{tokenId}")
    Uni<Void> revokeToken(@PathParam("projectId") String projectId, @PathParam("tokenId") String tokenId);

    /** What an agent token stands for; 404 when it is unknown, malformed or revoked. */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @POST
    @Path("/v1/agent-tokens/verify")
    Uni<VerifiedToken> verifyToken(VerifyToken body);

    @POST
    @Path("/v1/projects/{projectId}/phases")
    Uni<PhaseView> createPhase(@PathParam("projectId") String projectId, CreatePhase body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/tasks")
    Uni<List<TaskView>> tasks(@PathParam("projectId") String projectId, @QueryParam("status") String status,
            @QueryParam("phaseId") String phaseId, @QueryParam("assignee") String assignee);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
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

    /**
     * Reads the delta log; without {@code after}, after the session's durable cursor, which it advances (hence
     * not retried). Never waits: the gateway waits for new deltas itself (LongPolls), so this is as short as any
     * other read.
     */
    @GET
    @Path("/v1/projects/{projectId}/deltas")
    Uni<DeltaPage> deltas(@PathParam("projectId") String projectId, @QueryParam("after") Long after,
            @QueryParam("types") String types, @QueryParam("excludeActor") String excludeActor,
            @QueryParam("limit") Integer limit, @QueryParam("session") String session);

    /**
     * Many reads of one project's log at once, one page per read in order, each as {@link #deltas} would answer
     * it had they run one after another (the waiting reads one delta woke, {@code LongPolls}). Not retried: reads
     * without {@code after} advance their sessions' durable cursors.
     */
    @POST
    @Path("/v1/projects/{projectId}/deltas/reads")
    Uni<DeltaPages> deltaReads(@PathParam("projectId") String projectId, DeltaReads body);

    @POST
    @Path("/v1/projects/{projectId}/deltas")
    Uni<DeltaView> pushDelta(@PathParam("projectId") String projectId, PushDelta body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/debates")
    Uni<List<DebateView>> debates(@PathParam("projectId") String projectId, @QueryParam("status") String status);

    @POST
    @Path("/v1/projects/{projectId}/debates")
    Uni<DebateView> startDebate(@PathParam("projectId") String projectId, StartDebate body);

    @POST
    @Path("/v1/projects/{projectId}/debates/{debateId}/responses")
    Uni<DebateView> respondDebate(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            Respond body);

    @POST
    @Path("/v1/projects/{projectId}/debates/{debateId}/escalate")
    Uni<DebateView> escalateDebate(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            Escalate body);

    @POST
    @Path("/v1/projects/{projectId}/debates/{debateId}/decision")
    Uni<DebateView> decideDebate(@PathParam("projectId") String projectId, @PathParam("debateId") String debateId,
            Decide body);

    /** Analysis only reads, but it is heavier than a lookup: a longer timeout, no retry. */
    @Timeout(10000)
    @POST
    @Path("/v1/projects/{projectId}/replan/analysis")
    Uni<JsonNode> analyse(@PathParam("projectId") String projectId, JsonNode facts);

    @Timeout(10000)
    @POST
    @Path("/v1/projects/{projectId}/replan/revisions")
    Uni<JsonNode> revise(@PathParam("projectId") String projectId, JsonNode revision);
}
