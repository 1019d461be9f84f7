package dev.peercode.planner.error;

/** One invalid input: the field (JSON path such as {@code operations[2].taskId}) and its rule. */
public record FieldError(String field, String message) {
}
