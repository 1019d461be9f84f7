package dev.peercode.gateway.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockClient;
import dev.peercode.gateway.client.PlannerClient;

/**
 * Replanning through the planner. A proposal needs facts only the lock service has (who is active,
 * who holds which files; the planner never calls the lock service), so the gateway gathers them and
 * passes them along. Applying is the planner's alone: all or none, one plan revision.
 */
@ApplicationScoped
public class ReplanService {

    private final PlannerClient planner;
    private final LockClient lock;
    private final ObjectMapper json;

    ReplanService(PlannerClient planner, LockClient lock, ObjectMapper json) {
        this.planner = planner;
        this.lock = lock;
        this.json = json;
    }

    public JsonNode propose(String projectId, String session) {
        ObjectNode facts = json.createObjectNode();
        facts.put("actor", session);
        try {
            facts.set("activeSessions", json.valueToTree(lock.presence(projectId).sessions()));
            facts.set("locks", json.valueToTree(lock.locks(projectId, null).locks()));
        } catch (BackendUnavailable e) {
            // The analysis still works from the plan alone; it only cannot judge presence and locks.
        }
        return planner.analyse(projectId, facts);
    }

    public JsonNode apply(String projectId, String session, List<Map<String, Object>> operations, String reason,
            Long basedOnSeq) {
        ObjectNode body = json.createObjectNode();
        body.put("actor", session);
        body.put("reason", reason);
        body.set("operations", json.valueToTree(operations));
        if (basedOnSeq != null) {
            body.put("basedOnSeq", basedOnSeq);
        }
        return planner.revise(projectId, body);
    }

    /** The project's sync branch ({@code peer-progress} unless configured). */
    public String syncBranch(String projectId) {
        return planner.project(projectId).map(d -> d.project().syncBranch()).filter(b -> b != null && !b.isBlank())
                .orElse("peer-progress");
    }
}
