package dev.peercode.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.client.PlannerApi;
import io.smallrye.mutiny.Uni;

/**
 * Replanning through the planner. A proposal needs facts only the lock service has (who is active,
 * who holds which files; the planner never calls the lock service), so the gateway gathers them and
 * passes them along. Applying is the planner's alone: all or none, one plan revision.
 */
@ApplicationScoped
public class ReplanService {

    private final PlannerApi planner;
    private final LockApi lock;
    private final ObjectMapper json;

    ReplanService(@RestClient PlannerApi planner, @RestClient LockApi lock, ObjectMapper json) {
        this.planner = planner;
        this.lock = lock;
        this.json = json;
    }

    /** Presence and locks as the planner's analysis takes them. */
    record Facts(List<SessionFact> sessions, List<LockFact> locks) {
    }

    record SessionFact(String session, Instant lastSeenAt) {
    }

    record LockFact(String path, String holder) {
    }

    public Uni<JsonNode> propose(String projectId, String session) {
        // The analysis still works from the plan alone; it only cannot judge presence and locks.
        return Uni.combine().all().unis(lock.presence(projectId), lock.locks(projectId, null))
                .with((presence, locks) -> new Facts(
                        presence.sessions().stream().map(p -> new SessionFact(p.session(), p.lastSeen())).toList(),
                        locks.locks().stream().map(l -> new LockFact(l.path(), l.holder())).toList()))
                .onFailure(BackendUnavailable.class).recoverWithItem(new Facts(List.of(), List.of()))
                .chain(facts -> planner.analyse(projectId, json.valueToTree(facts)));
    }

    /** A plan revision as the planner takes it; {@code basedOnSeq} (the proposal's) only when given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Revise(String actor, String reason, List<Map<String, Object>> operations, Long basedOnSeq) {
    }

    public Uni<JsonNode> apply(String projectId, String session, List<Map<String, Object>> operations, String reason,
            Long basedOnSeq) {
        return planner.revise(projectId, json.valueToTree(new Revise(session, reason, operations, basedOnSeq)));
    }
}
