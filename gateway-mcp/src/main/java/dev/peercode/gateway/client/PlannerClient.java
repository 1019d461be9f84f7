package dev.peercode.gateway.client;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.gateway.client.PlannerDtos.AddMember;
import dev.peercode.gateway.client.PlannerDtos.BatchRead;
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
import dev.peercode.gateway.client.PlannerDtos.DeltaRead;
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
import dev.peercode.gateway.identity.AccessCache;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's single entry point to the planner-service. Every call answers through a {@link Uni}, bounded by a
 * timeout and guarded by one circuit breaker per method; only idempotent reads are retried. A 4xx answer is a
 * {@link BackendProblem} (404 on a lookup is {@code Optional.empty()}); anything else that goes wrong is a
 * {@link BackendUnavailable} naming the planner.
 */
@ApplicationScoped
// Every method: bounded, and behind its own circuit breaker; a 4xx answer is not a failure of the backend.
@Timeout(3000)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BackendProblem.class)
@BackendCall(PlannerClient.SERVICE)
public class PlannerClient {

    /** How callers see this backend named. */
    public static final String SERVICE = "planner-service";

    private final PlannerApi api;
    private final AccessCache access;

    PlannerClient(@RestClient PlannerApi api, AccessCache access) {
        this.api = api;
        this.access = access;
    }

    /** Whether the planner answers its readiness probe, that is, reaches its PostgreSQL and Redis. */
    public Uni<Boolean> isReady() {
        return Readiness.of(api.readiness());
    }

    public Uni<ProjectView> createProject(CreateProject body) {
        return api.createProject(body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<ProjectView>> projects(String memberSubject) {
        return api.projects(memberSubject);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Optional<ProjectDetail>> project(String projectId) {
        return orEmpty(api.project(projectId));
    }

    /** The project without its plan: one row read on the planner's side. */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Optional<ProjectView>> projectAlone(String projectId) {
        return orEmpty(api.project(projectId, false).map(ProjectDetail::project));
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Optional<MemberView>> member(String projectId, String subject) {
        return orEmpty(api.member(projectId, subject));
    }

    /** The project's members and their roles. */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<MemberView>> members(String projectId) {
        return api.members(projectId);
    }

    /** Adds a member; a subject that already is one is a 409 conflict problem. Not retried (not idempotent). */
    public Uni<MemberView> addMember(String projectId, AddMember body) {
        return api.addMember(projectId, body);
    }

    /** Changes a member's role; the last owner stays owner (409 {@code last-owner}). */
    public Uni<MemberView> changeRole(String projectId, String subject, String role, String changedBy) {
        // The planner tells every replica; this one need not wait for the message to act on it.
        return api.updateMember(projectId, subject, new UpdateMember(role, null, changedBy))
                .invoke(() -> access.changed(projectId, subject));
    }

    /** Remembers the name a person was seen signed in under (idempotent, hence retried). */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Void> rememberName(String projectId, String subject, String displayName) {
        return api.updateMember(projectId, subject, new UpdateMember(null, displayName, null)).replaceWithVoid();
    }

    /** Removes a member and their agent tokens; the last owner cannot be removed (409 {@code last-owner}). */
    public Uni<Void> removeMember(String projectId, String subject, String removedBy) {
        return api.removeMember(projectId, subject, removedBy).invoke(() -> access.changed(projectId, subject));
    }

    /** Creates a webhook; the answer carries its signing secret, the only time it leaves the planner. */
    public Uni<CreatedWebhook> createWebhook(String projectId, CreateWebhook body) {
        return api.createWebhook(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<WebhookView>> webhooks(String projectId) {
        return api.webhooks(projectId);
    }

    public Uni<Void> deleteWebhook(String projectId, String webhookId) {
        return api.deleteWebhook(projectId, webhookId);
    }

    /** One webhook's newest deliveries first (status, attempts, last error). */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<DeliveryView>> deliveries(String projectId, String webhookId, int limit) {
        return api.deliveries(projectId, webhookId, limit);
    }

    public Uni<CreatedToken> createToken(String projectId, CreateToken body) {
        return api.createToken(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<TokenView>> tokens(String projectId, String memberSubject) {
        return api.tokens(projectId, memberSubject);
    }

    /** Revokes an agent token (idempotent, hence retried). */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Void> revokeToken(String projectId, String tokenId) {
        return api.revokeToken(projectId, tokenId).invoke(() -> access.changed(projectId, null));
    }

    /** What an agent token stands for; empty when it is unknown, malformed or revoked. */
    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Optional<VerifiedToken>> verifyToken(String token) {
        return orEmpty(api.verifyToken(new VerifyToken(token)));
    }

    public Uni<PhaseView> createPhase(String projectId, CreatePhase body) {
        return api.createPhase(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<TaskView>> tasks(String projectId, String status, String phaseId, String assignee) {
        return api.tasks(projectId, status, phaseId, assignee);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<Optional<TaskView>> task(String projectId, String taskId) {
        return orEmpty(api.task(projectId, taskId));
    }

    public Uni<TaskView> createTask(String projectId, CreateTask body) {
        return api.createTask(projectId, body);
    }

    public Uni<TaskView> updateTask(String projectId, String taskId, UpdateTask body) {
        return api.updateTask(projectId, taskId, body);
    }

    public Uni<TaskView> claimTask(String projectId, String taskId, ClaimTask body) {
        return api.claimTask(projectId, taskId, body);
    }

    public Uni<TaskView> moveTask(String projectId, String taskId, MoveTask body) {
        return api.moveTask(projectId, taskId, body);
    }

    /**
     * Reads the delta log. Not retried: without {@code after} it advances the session's durable
     * cursor. Never waits: the gateway waits for new deltas itself (LongPolls), so this is as short
     * as any other read.
     */
    public Uni<DeltaPage> deltas(String projectId, DeltaRead read) {
        return api.deltas(projectId, read.after(), read.types(), read.excludeActor(), read.limit(),
                read.waitSeconds(), read.session());
    }

    /**
     * Many reads of one project's log at once, one page per read in order, each as {@link #deltas} would
     * answer it had they run one after another (the waiting reads one delta woke, {@code LongPolls}).
     * Not retried: reads without {@code after} advance their sessions' durable cursors.
     */
    public Uni<List<DeltaPage>> deltaReads(String projectId, List<DeltaRead> reads) {
        return api.deltaReads(projectId, new DeltaReads(reads.stream().map(BatchRead::of).toList()))
                .map(DeltaPages::pages);
    }

    public Uni<DeltaView> pushDelta(String projectId, PushDelta body) {
        return api.pushDelta(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<List<DebateView>> debates(String projectId, String status) {
        return api.debates(projectId, status);
    }

    public Uni<DebateView> startDebate(String projectId, StartDebate body) {
        return api.startDebate(projectId, body);
    }

    public Uni<DebateView> respondDebate(String projectId, String debateId, RespondDebate body) {
        return api.respondDebate(projectId, debateId, body);
    }

    public Uni<DebateView> escalateDebate(String projectId, String debateId, CloseDebate body) {
        return api.escalateDebate(projectId, debateId, body);
    }

    public Uni<DebateView> decideDebate(String projectId, String debateId, DecideDebate body) {
        return api.decideDebate(projectId, debateId, body);
    }

    /** Analysis only reads, but it is heavier than a lookup: a longer timeout, no retry. */
    @Timeout(10000)
    public Uni<JsonNode> analyse(String projectId, JsonNode facts) {
        return api.analyse(projectId, facts);
    }

    @Timeout(10000)
    public Uni<JsonNode> revise(String projectId, JsonNode revision) {
        return api.revise(projectId, revision);
    }

    /** A lookup: a 404 answer is empty. */
    static <T> Uni<Optional<T>> orEmpty(Uni<T> lookup) {
        return lookup.map(Optional::ofNullable)
                .onFailure(e -> e instanceof BackendProblem p && p.status() == 404).recoverWithItem(Optional.empty());
    }
}
