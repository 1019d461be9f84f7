package dev.peercode.api.lock;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.SessionId;
import dev.peercode.rules.text.SingleLine;

/**
 * An owner releases other sessions' locks: the named patterns, or every lock of {@code session}.
 * The gateway has checked that {@code forcedBy} is an owner of the project.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForceReleaseRequest(
        @Schema(description = "Session of the owner acting", example = "carol") @NotNull @SessionId String forcedBy,
        @Schema(description = "Why; recorded in the lock.force_released event", example = "bob's session crashed") @NotBlank @Size(max = 200) @SingleLine String reason,
        @Schema(description = "Patterns to release, as they were locked (or give session)") List<@NotNull String> paths,
        @Schema(description = "Release every lock of this session (or give paths)") @SessionId String session) {
}
