package dev.peercode.problem;

/** One invalid input: the field as the caller spelled it ({@code paths[2]}, {@code operations[1].taskId}) and its rule. */
public record FieldError(String field, String message) {
}
