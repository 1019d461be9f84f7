package dev.peercode.api.lock;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.SessionId;
import dev.peercode.rules.text.SingleLine;

/**
 * One body for the push token's {@code start}, {@code complete} and {@code abort}: {@code session}
 * always; {@code token} to complete (and optionally to give the token back); {@code commitSha} and
 * {@code summary} only on complete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRequest(
        @Schema(description = "The acting session", example = "alice") @NotNull @SessionId String session,
        @Schema(description = "The push token value, as granted (complete: required; abort: optional)") @Size(max = 100) @SingleLine String token,
        @Schema(description = "Commit pushed (complete only)", example = "4f2a9c1e0b7d") @Pattern(regexp = "[0-9a-f]{7,64}", message = "must be a hexadecimal commit SHA (7 to 64 characters)") String commitSha,
        @Schema(description = "One line on what was pushed (complete only)") @Size(max = 500) @SingleLine String summary) {
}
