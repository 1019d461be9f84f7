package dev.peercode.lock.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.api.lock.AcquireLocksRequest;
import dev.peercode.api.lock.AcquireLocksResponse;
import dev.peercode.api.lock.ForceReleaseRequest;
import dev.peercode.api.lock.ForceReleaseResponse;
import dev.peercode.api.lock.LockCheckResponse;
import dev.peercode.api.lock.LockListResponse;
import dev.peercode.api.lock.LockView;
import dev.peercode.api.lock.ReleaseLocksRequest;
import dev.peercode.api.lock.ReleaseLocksResponse;
import dev.peercode.lock.LockServiceConfig;
import dev.peercode.lock.presence.SessionBinding;
import dev.peercode.lock.store.CoordinationStore;
import dev.peercode.lock.store.Script;
import dev.peercode.problem.ProblemException;
import dev.peercode.rules.paths.InvalidPathException;
import dev.peercode.rules.paths.PathPatterns;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * File locks: validates what the scripts cannot judge (path rules, limits from configuration) and
 * turns script answers into API shapes and problems. Every decision about state is taken inside one
 * Lua script, so any number of replicas may serve the same project.
 */
@ApplicationScoped
public class LockService {

    private final CoordinationStore store;
    private final LockServiceConfig config;
    private final MeterRegistry metrics;

    public LockService(CoordinationStore store, LockServiceConfig config, MeterRegistry metrics) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
    }

    /** Validation fails at once (thrown); the script's outcome, conflicts included, comes through the Uni. */
    public Uni<AcquireLocksResponse> acquire(String projectId, AcquireLocksRequest request, String member) {
        List<String> paths = normalise("paths", request.paths(), true, true);
        Duration ttl = ttl(request.ttlSeconds());
        List<String> args = new ArrayList<>(List.of(projectId, request.session(), nullToEmpty(request.reason()),
                nullToEmpty(request.taskId()), Long.toString(ttl.toMillis()),
                Long.toString(config.indexRetention().toMillis()), Integer.toString(config.maxLocksPerProject()),
                Integer.toString(config.overlapBudget()), SessionBinding.member(member), window()));
        args.addAll(paths);
        return store.runAsync(Script.LOCK_ACQUIRE, LockAnswers.Acquire.class, args)
                .map(answer -> acquired(answer, request.session()));
    }

    private AcquireLocksResponse acquired(LockAnswers.Acquire answer, String session) {
        SessionBinding.check(answer.status(), session, config.presenceWindow());
        // How often agents run into each other is the first thing to look at when they stall.
        metrics.counter("peercode.lock.acquires", "outcome", answer.status()).increment();
        if ("conflict".equals(answer.status())) {
            throw lockConflict(answer.conflicts(), answer.more());
        }
        if ("too-many".equals(answer.status())) {
            throw new ProblemException(422, "unprocessable", "Too many locks",
                    "The project already has " + answer.live() + " live locks; at most " + config.maxLocksPerProject()
                            + " are allowed. Release some, or lock a directory with a glob (dir/**)",
                    List.of(), Map.of("limit", config.maxLocksPerProject()));
        }
        return new AcquireLocksResponse(answer.fencingToken(), answer.acquired(), answer.renewed(),
                answer.locks().stream().map(LockEntry::view).toList());
    }

    /** As {@link #acquire}: invalid input thrown, the script's outcome through the Uni. */
    public Uni<ReleaseLocksResponse> release(String projectId, ReleaseLocksRequest request, String member) {
        List<String> paths = normalise("paths", request.paths(), false, false);
        List<String> args = new ArrayList<>(List.of(projectId, request.session(), SessionBinding.member(member),
                window()));
        args.addAll(paths);
        return store.runAsync(Script.LOCK_RELEASE, LockAnswers.Release.class, args).map(answer -> {
            SessionBinding.check(answer.status(), request.session(), config.presenceWindow());
            if ("not-holder".equals(answer.status())) {
                LockView lock = answer.lock().view();
                throw ProblemException.conflict("Lock held by another session",
                        lock.path() + " is locked by " + lock.holder() + ", not by " + request.session()
                                + "; only the holder releases it (an owner may force-release)",
                        Map.of("holder", lock.holder(), "path", lock.path(), "expiresAt", lock.expiresAt()));
            }
            return new ReleaseLocksResponse(answer.released(), answer.notHeld());
        });
    }

    public ForceReleaseResponse forceRelease(String projectId, ForceReleaseRequest request) {
        List<String> paths = normalise("paths", request.paths(), false, false);
        boolean bySession = request.session() != null;
        if (bySession == !paths.isEmpty()) {
            throw ProblemException.validation("paths", "give either paths or session, exactly one of them");
        }
        List<String> args = new ArrayList<>(List.of(projectId, request.forcedBy(), request.reason(),
                nullToEmpty(request.session())));
        args.addAll(paths);
        LockAnswers.Locks answer = store.run(Script.LOCK_FORCE_RELEASE, LockAnswers.Locks.class, args);
        if (answer.released().isEmpty()) {
            throw ProblemException.notFound(bySession ? request.session() + " holds no lock"
                    : "None of these paths is locked (force-release names patterns exactly as locked)");
        }
        return new ForceReleaseResponse(answer.released().stream().map(LockEntry::view).toList());
    }

    /** Live locks, optionally only those of one session. */
    public LockListResponse list(String projectId, String session) {
        List<LockView> locks = query(projectId, "", "").stream()
                .filter(lock -> session == null || lock.holder().equals(session))
                .toList();
        return new LockListResponse(locks);
    }

    /** Live locks of sessions other than {@code session} that overlap {@code path}. */
    public LockCheckResponse check(String projectId, String path, String session) {
        String normalised = normaliseOne("path", path);
        List<LockView> locks = query(projectId, normalised, session == null ? "" : session);
        return new LockCheckResponse(normalised, !locks.isEmpty(), locks);
    }

    private List<LockView> query(String projectId, String pattern, String excludedSession) {
        LockAnswers.Locks answer = store.run(Script.LOCK_QUERY, LockAnswers.Locks.class,
                List.of(projectId, pattern, excludedSession, Integer.toString(config.overlapBudget())));
        return answer.locks().stream().map(LockEntry::view).toList();
    }

    private Duration ttl(Integer seconds) {
        if (seconds == null) {
            return config.defaultLockTtl();
        }
        Duration ttl = Duration.ofSeconds(seconds);
        if (ttl.compareTo(config.minLockTtl()) < 0 || ttl.compareTo(config.maxLockTtl()) > 0) {
            throw ProblemException.validation("ttlSeconds", "must be between " + config.minLockTtl().toSeconds()
                    + " and " + config.maxLockTtl().toSeconds() + " seconds");
        }
        return ttl;
    }

    /**
     * Normalised, duplicates dropped (first occurrence kept), every broken rule reported by index.
     * Release names locks exactly as they were taken, so only new patterns face the wildcard limits.
     */
    private List<String> normalise(String field, List<String> raw, boolean required, boolean newPatterns) {
        if (raw == null || raw.isEmpty()) {
            if (required) {
                throw ProblemException.validation(field, "must name at least one path");
            }
            return List.of();
        }
        if (raw.size() > config.maxPathsPerCall()) {
            throw ProblemException.validation(field, "must name at most " + config.maxPathsPerCall() + " paths");
        }
        return List.copyOf(PathPatterns.normaliseAll(field, raw, newPatterns ? this::limited : p -> p));
    }

    /** Within the wildcard limits; every pattern that reaches a script has passed here. */
    private String limited(String pattern) {
        PathPatterns.checkWildcards(pattern, config.maxWildcardsPerPattern(), config.maxWildcardsPerSegment());
        return pattern;
    }

    private String normaliseOne(String field, String raw) {
        try {
            return limited(PathPatterns.normalise(raw));
        } catch (InvalidPathException e) {
            throw ProblemException.validation(field, e.getMessage());
        }
    }

    /** The first conflicts the script found; {@code more}: it stopped looking after them. */
    private static ProblemException lockConflict(List<LockAnswers.Conflict> conflicts, boolean more) {
        LockView first = conflicts.get(0).lock().view();
        String requested = conflicts.get(0).path();
        String on = requested.equals(first.path()) ? requested : requested + " overlaps " + first.path() + ", which";
        String why = first.reason() == null ? "" : " for '" + first.reason() + "'";
        String detail = on + " is locked by " + first.holder() + " until " + first.expiresAt() + why
                + (more ? " (and more than " + (conflicts.size() - 1) + " other conflicts)"
                        : conflicts.size() > 1 ? " (and " + (conflicts.size() - 1) + " more conflicts)" : "")
                + "; nothing was locked";
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("holder", first.holder());
        extensions.put("reason", first.reason());
        extensions.put("taskId", first.taskId());
        extensions.put("expiresAt", first.expiresAt());
        extensions.put("conflicts", conflicts.stream()
                .map(c -> new ConflictView(c.path(), c.lock().view()))
                .toList());
        return new ProblemException(409, "lock-conflict", "Path is locked by another session", detail, List.of(),
                extensions);
    }

    /** One requested pattern and the live lock it runs into. */
    public record ConflictView(String requested, LockView lock) {
    }

    private String window() {
        return Long.toString(config.presenceWindow().toMillis());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
