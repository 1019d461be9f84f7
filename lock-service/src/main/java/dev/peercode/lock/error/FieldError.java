package dev.peercode.lock.error;

/** One invalid input: the field as the caller spelled it ({@code paths[2]}) and the rule it broke. */
public record FieldError(String field, String message) {
}
