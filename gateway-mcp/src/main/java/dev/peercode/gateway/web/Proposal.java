package dev.peercode.gateway.web;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The planner's replanning analysis as the page shows it: findings with their reasons, the operations it
 * proposes (as JSON, sent back unchanged when a person applies them) and the critical path.
 */
record Proposal(long basedOnSeq, List<Finding> findings, int operationCount, String operationsJson,
        List<String> criticalPath) {

    record Finding(String kind, String reason, List<String> taskIds, List<String> sessions,
            List<String> operations) {
    }

    static Proposal of(JsonNode analysis) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : analysis.path("findings")) {
            List<String> ops = new ArrayList<>();
            f.path("operations").forEach(op -> ops.add(describe(op)));
            findings.add(new Finding(f.path("kind").asText(), f.path("reason").asText(), texts(f.path("taskIds")),
                    texts(f.path("sessions")), ops));
        }
        JsonNode operations = analysis.path("operations");
        return new Proposal(analysis.path("basedOnSeq").asLong(), findings, operations.size(),
                operations.isMissingNode() ? "[]" : operations.toString(), texts(analysis.path("criticalPath")));
    }

    /** One operation in a line: its kind, then its fields ({@code unassign task_… v3}). */
    private static String describe(JsonNode op) {
        StringBuilder line = new StringBuilder(op.path("op").asText());
        op.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("op")) {
                line.append(' ').append(e.getKey()).append('=').append(e.getValue().isTextual()
                        ? e.getValue().asText()
                        : e.getValue().toString());
            }
        });
        return line.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
