package dev.peercode.api.lock;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.SessionId;

/** Release the session's locks: the named patterns exactly as locked, or all of them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseLocksRequest(
        @Schema(description = "The acting session", example = "alice") @NotNull @SessionId String session,
        @Schema(description = "Patterns to release, as they were locked; omitted or empty = every lock of the session") List<@NotNull String> paths) {
}
