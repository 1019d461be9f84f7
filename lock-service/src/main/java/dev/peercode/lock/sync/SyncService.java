package dev.peercode.lock.sync;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.api.lock.SyncRequest;
import dev.peercode.api.lock.SyncResultResponse;
import dev.peercode.api.lock.SyncStartResponse;
import dev.peercode.api.lock.SyncStatusResponse;
import dev.peercode.lock.LockServiceConfig;
import dev.peercode.lock.presence.SessionBinding;
import dev.peercode.lock.store.CoordinationStore;
import dev.peercode.lock.store.Script;
import dev.peercode.problem.ProblemException;

/**
 * The push token of a project (DESIGN.md §4): one holder, a FIFO queue, hand-over to the queue head
 * with a claim window. The state machine lives in the Lua scripts; this class validates, mints token
 * values and shapes answers.
 */
@ApplicationScoped
public class SyncService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CoordinationStore store;
    private final LockServiceConfig config;

    public SyncService(CoordinationStore store, LockServiceConfig config) {
        this.store = store;
        this.config = config;
    }

    public SyncStartResponse start(String projectId, SyncRequest request, String member) {
        SyncAnswers.Answer answer = store.run(Script.SYNC_START, SyncAnswers.Answer.class,
                List.of(projectId, request.session(), newToken(), millis(config.pushTokenTtl().toMillis()),
                        claim(), grace(), SessionBinding.member(member), window()));
        SessionBinding.check(answer.status(), request.session(), config.presenceWindow());
        SyncAnswers.State state = answer.state();
        if ("granted".equals(answer.status())) {
            return new SyncStartResponse("granted", state.token(), state.expires(), null, null, answer.last());
        }
        return new SyncStartResponse("queued", null, state.expires(), answer.position(), state.session(),
                answer.last());
    }

    public SyncResultResponse complete(String projectId, SyncRequest request, String member) {
        if (request.token() == null || request.token().isEmpty()) {
            throw ProblemException.validation("token", "is required to complete a push");
        }
        SyncAnswers.Answer answer = store.run(Script.SYNC_COMPLETE, SyncAnswers.Answer.class,
                List.of(projectId, request.session(), request.token(), orEmpty(request.commitSha()),
                        orEmpty(request.summary()), claim(), grace(),
                        millis(config.lastPushRetention().toMillis()), SessionBinding.member(member), window()));
        SessionBinding.check(answer.status(), request.session(), config.presenceWindow());
        if ("invalid-token".equals(answer.status())) {
            throw invalidToken(answer.state());
        }
        return result("completed", answer);
    }

    /** Only the session's own member: the name stays bound to it for the whole turn. */
    public SyncResultResponse abort(String projectId, SyncRequest request, String member) {
        SyncAnswers.Answer answer = store.run(Script.SYNC_ABORT, SyncAnswers.Answer.class,
                List.of(projectId, request.session(), orEmpty(request.token()), claim(), grace(),
                        SessionBinding.member(member), window()));
        SessionBinding.check(answer.status(), request.session(), config.presenceWindow());
        return switch (answer.status()) {
            case "invalid-token" -> throw invalidToken(answer.state());
            case "not-involved" -> throw ProblemException.conflict("Nothing to abort",
                    request.session() + " neither holds nor waits for the push token", Map.of());
            default -> result(answer.status(), answer);
        };
    }

    public SyncStatusResponse status(String projectId, String session) {
        SyncAnswers.Answer answer = store.run(Script.SYNC_STATUS, SyncAnswers.Answer.class,
                List.of(projectId, claim(), grace()));
        SyncAnswers.State state = answer.state();
        int index = session == null ? -1 : answer.queue().indexOf(session);
        return new SyncStatusResponse(state == null ? "free" : state.state(), state == null ? null : state.session(),
                state == null ? null : state.expires(), answer.queue(), index < 0 ? null : index + 1,
                answer.last());
    }

    private static SyncResultResponse result(String result, SyncAnswers.Answer answer) {
        SyncAnswers.State next = answer.next();
        return new SyncResultResponse(result, next == null ? null : next.session(),
                next == null ? null : next.expires(), answer.last());
    }

    private static ProblemException invalidToken(SyncAnswers.State state) {
        String detail = state == null ? "Nobody holds the push token (it may have expired); call start again"
                : "The push token is " + state.state() + " by " + state.session()
                        + "; this token is not (or no longer) valid";
        return ProblemException.conflict("Push token not valid", detail,
                state == null ? Map.of() : Map.of("holder", state.session(), "expiresAt", state.expires()));
    }

    /** 192 random bits, URL-safe: the only thing that completes a push. */
    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "push_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String claim() {
        return millis(config.claimWindow().toMillis());
    }

    private String window() {
        return millis(config.presenceWindow().toMillis());
    }

    private String grace() {
        return millis(config.indexRetention().toMillis());
    }

    private static String millis(long millis) {
        return Long.toString(millis);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
