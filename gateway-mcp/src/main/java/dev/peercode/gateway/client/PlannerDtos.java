package dev.peercode.gateway.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The planner-service's internal API shapes, as the gateway reads and writes them (see the planner's
 * {@code *Dtos} and {@code *View} records). {@code actor} is always the acting session.
 */
public final class PlannerDtos {

    private PlannerDtos() {
    }

    public record ProjectView(String id, String name, String description, String repositoryUrl, String syncBranch,
            String ownerSubject, long lastSeq, Instant createdAt) {
    }

    public record ProjectDetail(ProjectView project, PlanView plan) {
    }

    public record CreateWebhook(String url, String format, List<String> events, String createdBy) {
    }

    public record WebhookView(String id, String projectId, String url, String format, List<String> events,
            String createdBy, Instant createdAt) {
    }

    /** The signing secret is in this answer only. */
    public record CreatedWebhook(WebhookView webhook, String secret) {
    }

    public record DeliveryView(long id, String webhookId, String eventId, String kind, long seq, String status,
            int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
            Instant updatedAt, Instant deliveredAt) {
    }

    public record PlanView(List<PhaseView> phases) {
    }

    public record PhaseView(String id, String name, int position, String status, List<CompactTask> tasks) {
    }

    /** A task as the plan lists it: no description (ask for the task for that). */
    public record CompactTask(String id, int position, String title, String status, String assignee, int priority,
            List<String> expectedFiles, List<String> dependsOn, long version) {
    }

    public record TaskView(String id, String phaseId, int position, String title, String description, String status,
            String assignee, int priority, List<String> expectedFiles, List<String> dependsOn, long version,
            Instant updatedAt) {
    }

    public record MemberView(String projectId, String subject, String role, String displayName, Instant addedAt) {

        /** The person's name as last seen signed in, else their subject. */
        public String name() {
            return displayName == null || displayName.isBlank() ? subject : displayName;
        }
    }

    /** A new member: the subject (OIDC {@code sub}), {@code owner} or {@code member}, and who added it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AddMember(String subject, String role, String addedBy, String displayName) {
    }

    /** A role change ({@code role}) and/or the name a person was last seen under ({@code displayName}). */
    public record UpdateMember(String role, String displayName, String changedBy) {
    }

    public record CreateToken(String memberSubject, String name) {
    }

    /** Returned once, at creation: the only time the secret exists outside the caller. */
    public record CreatedToken(String tokenId, String token, String projectId, String memberSubject, String name,
            Instant createdAt) {
    }

    /** An agent token without its secret. */
    public record TokenView(String tokenId, String projectId, String memberSubject, String name, Instant createdAt,
            Instant lastUsedAt, Instant revokedAt) {
    }

    public record VerifyToken(String token) {
    }

    /** What a valid, unrevoked agent token stands for. */
    public record VerifiedToken(String projectId, String memberSubject, String role, String tokenId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateProject(String name, String description, String repositoryUrl, String syncBranch,
            String ownerSubject, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatePhase(String actor, String name, Integer position) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateTask(String actor, String phaseId, String title, String description, Integer priority,
            List<String> expectedFiles, List<String> dependsOn, String assignee, Integer position) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpdateTask(String actor, Long expectedVersion, String title, String description, String status,
            String assignee, Boolean unassign, Integer priority, List<String> expectedFiles, List<String> dependsOn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimTask(String actor, Long expectedVersion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MoveTask(String actor, Long expectedVersion, String phaseId, Integer position) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PushDelta(String actor, String type, String summary, Map<String, Object> data, List<String> taskIds,
            List<String> paths) {
    }

    public record DeltaView(long seq, String type, String actor, Instant at, String summary, Map<String, Object> data,
            List<String> taskIds, List<String> paths) {
    }

    public record DeltaPage(List<DeltaView> deltas, long nextCursor, boolean hasMore, long lastSeq) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StartDebate(String actor, String topic, String question, List<String> options,
            List<String> participants, Long deadlineSeconds, List<String> taskIds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RespondDebate(String actor, String choice, String argument) {
    }

    /** Escalate (an agent) or withdraw (its opener): the acting session and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CloseDebate(String actor, String reason) {
    }

    /** A person's decision (web UI): the member subject the gateway authenticated. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecideDebate(String memberSubject, String choice, String reason) {
    }

    public record DebateResponseView(String session, String choice, String argument, Instant answeredAt) {
    }

    public record DebateView(String id, String topic, String question, List<String> options, List<String> participants,
            List<String> taskIds, String createdBy, Instant createdAt, Instant deadline, String status, String outcome,
            String decidedBy, String decidedByKind, String resolutionReason, Instant closedAt, Map<String, Long> tally,
            List<String> waitingFor, List<DebateResponseView> responses) {
    }

    /** A read of the delta log, never waiting (the gateway waits itself: LongPolls). */
    public record DeltaRead(Long after, String types, String excludeActor, Integer limit, String session) {
    }

    /** Many reads of one project's delta log at once ({@code POST …/deltas/reads}). */
    public record DeltaReads(List<DeltaRead> reads) {
    }

    /** The planner's answer to {@link DeltaReads}: one page per read, in order. */
    public record DeltaPages(List<DeltaPage> pages) {
    }

    /** When a task of the plan was created and (if done now) last done ({@code GET …/history/tasks}). */
    public record TaskDates(String taskId, String phaseId, Instant createdAt, Instant doneAt) {
    }

    /** Every task of the plan but the cancelled ones, by phase and position. */
    public record TaskHistory(List<TaskDates> tasks) {
    }

    /**
     * What a session held over a span, or did at a moment ({@code from == to}): {@code kind} {@code task}
     * ({@code taskId}, {@code label} its title), {@code lock} ({@code paths} held at once), {@code token},
     * {@code push} ({@code label} the commit SHA or null) or {@code debate} ({@code label} the step).
     */
    public record SessionSpan(String session, String kind, Instant from, Instant to, String taskId, String label,
            List<String> paths, boolean ongoing) {
    }

    /** The sessions' spans within {@code [since, until]} ({@code GET …/history/sessions}), by session then start. */
    public record SessionHistory(Instant since, Instant until, List<SessionSpan> spans) {
    }
}
