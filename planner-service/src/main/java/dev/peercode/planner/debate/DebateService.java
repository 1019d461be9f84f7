package dev.peercode.planner.debate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.DebateDtos.DebateView;
import dev.peercode.api.planner.DebateDtos.Decide;
import dev.peercode.api.planner.DebateDtos.Escalate;
import dev.peercode.api.planner.DebateDtos.Respond;
import dev.peercode.api.planner.DebateDtos.ResponseView;
import dev.peercode.api.planner.DebateDtos.StartDebate;
import dev.peercode.api.planner.DebateDtos.Withdraw;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.debate.DebateRules.Resolution;
import dev.peercode.planner.debate.DebateRules.Verdict;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.planner.error.Problems;

/**
 * Debates: every step is a transaction under the project lock with its delta. A state change always
 * re-reads the debate after taking the lock, so the deadline sweeper of several replicas and racing
 * responders cannot resolve one debate twice.
 */
@ApplicationScoped
public class DebateService {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    public static final String ESCALATED = "escalated";
    public static final String WITHDRAWN = "withdrawn";

    private final DebateRepository debates;
    private final DeltaLog log;
    private final PlannerConfig.Debate config;

    public DebateService(DebateRepository debates, DeltaLog log, PlannerConfig config) {
        this.debates = debates;
        this.log = log;
        this.config = config.debate();
    }

    @Transactional
    public DebateView start(String projectId, StartDebate r) {
        Duration deadline = r.deadlineSeconds() == null ? config.defaultDeadline()
                : Duration.ofSeconds(r.deadlineSeconds());
        if (deadline.compareTo(config.minDeadline()) < 0 || deadline.compareTo(config.maxDeadline()) > 0) {
            throw Problems.invalid("deadlineSeconds", "must be between " + config.minDeadline().toSeconds() + " and "
                    + config.maxDeadline().toSeconds());
        }
        if (new HashSet<>(r.options()).size() != r.options().size()) {
            throw Problems.invalid("options", "must be distinct");
        }
        if (new HashSet<>(r.participants()).size() != r.participants().size()) {
            throw Problems.invalid("participants", "must be distinct");
        }
        log.lockProject(projectId);
        Debate d = new Debate();
        d.id = Ids.debate();
        d.projectId = projectId;
        d.topic = r.topic().strip();
        d.question = r.question();
        d.options = r.options().stream().map(String::strip).toList();
        d.participants = List.copyOf(r.participants());
        d.taskIds = r.taskIds() == null ? List.of() : List.copyOf(r.taskIds());
        d.createdBy = r.actor();
        d.createdAt = Instant.now();
        d.deadline = d.createdAt.plus(deadline);
        d.status = OPEN;
        debates.persist(d);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("debateId", d.id);
        data.put("topic", d.topic);
        data.put("options", d.options);
        data.put("participants", d.participants);
        data.put("deadline", d.deadline.toString());
        log.append(projectId, DeltaDraft.of(DeltaTypes.DEBATE_STARTED, r.actor(),
                r.actor() + " opened a debate: " + d.topic + " (" + String.join(" / ", d.options) + ")", data,
                d.taskIds));
        return view(d, List.of());
    }

    @Transactional
    public DebateView respond(String projectId, String debateId, Respond r) {
        log.lockProject(projectId);
        Debate d = debate(projectId, debateId);
        requireStatus(d, OPEN);
        if (!d.participants.contains(r.actor())) {
            throw Problems.unprocessable("actor", r.actor() + " is not a participant of " + d.id);
        }
        String choice = r.choice().strip();
        if (!d.options.contains(choice)) {
            throw Problems.unprocessable("choice", "must be one of " + String.join(", ", d.options));
        }
        List<DebateResponse> responses = debates.responses(d.id);
        if (responses.stream().anyMatch(x -> x.session.equals(r.actor()))) {
            throw Problems.conflict(r.actor() + " has already answered " + d.id);
        }
        DebateResponse answer = new DebateResponse();
        answer.debateId = d.id;
        answer.session = r.actor();
        answer.choice = choice;
        answer.argument = r.argument();
        answer.answeredAt = Instant.now();
        debates.getEntityManager().persist(answer);
        responses = new ArrayList<>(responses);
        responses.add(answer);
        log.append(projectId, DeltaDraft.of(DeltaTypes.DEBATE_RESPONDED, r.actor(),
                r.actor() + " chose '" + choice + "' in: " + d.topic,
                Map.of("debateId", d.id, "choice", choice), d.taskIds));
        settle(d, responses, false);
        return view(d, responses);
    }

    @Transactional
    public DebateView escalate(String projectId, String debateId, Escalate r) {
        log.lockProject(projectId);
        Debate d = debate(projectId, debateId);
        requireStatus(d, OPEN);
        if (!d.participants.contains(r.actor()) && !d.createdBy.equals(r.actor())) {
            throw Problems.unprocessable("actor", r.actor() + " neither opened nor takes part in " + d.id);
        }
        String reason = "escalated by " + r.actor() + (r.reason() == null ? "" : ": " + r.reason());
        close(d, ESCALATED, null, null, null, reason);
        List<DebateResponse> responses = debates.responses(d.id);
        log.append(projectId, DeltaDraft.of(DeltaTypes.DEBATE_ESCALATED, r.actor(),
                "Debate '" + d.topic + "' waits for a person: " + reason,
                Map.of("debateId", d.id, "reason", reason, "cause", "explicit"), d.taskIds));
        return view(d, responses);
    }

    @Transactional
    public DebateView decide(String projectId, String debateId, Decide r) {
        log.lockProject(projectId);
        Debate d = debate(projectId, debateId);
        requireStatus(d, OPEN, ESCALATED);
        String choice = r.choice().strip();
        if (!d.options.contains(choice)) {
            throw Problems.unprocessable("choice", "must be one of " + String.join(", ", d.options));
        }
        String reason = "decided by " + r.memberSubject() + (r.reason() == null ? "" : ": " + r.reason());
        close(d, RESOLVED, choice, r.memberSubject(), "person", reason);
        log.append(projectId, DeltaDraft.of(DeltaTypes.DEBATE_DECIDED, null,
                r.memberSubject() + " decided '" + choice + "' for: " + d.topic,
                Map.of("debateId", d.id, "outcome", choice, "decidedBy", r.memberSubject()), d.taskIds));
        return view(d, debates.responses(d.id));
    }

    @Transactional
    public DebateView withdraw(String projectId, String debateId, Withdraw r) {
        log.lockProject(projectId);
        Debate d = debate(projectId, debateId);
        requireStatus(d, OPEN, ESCALATED);
        if (!d.createdBy.equals(r.actor())) {
            throw Problems.unprocessable("actor", "only " + d.createdBy + ", who opened it, can withdraw " + d.id);
        }
        String reason = "withdrawn by " + r.actor() + (r.reason() == null ? "" : ": " + r.reason());
        close(d, WITHDRAWN, null, null, null, reason);
        log.append(projectId, DeltaDraft.of(DeltaTypes.DEBATE_WITHDRAWN, r.actor(),
                "Debate '" + d.topic + "' " + reason, Map.of("debateId", d.id), d.taskIds));
        return view(d, debates.responses(d.id));
    }

    @Transactional
    public DebateView get(String projectId, String debateId) {
        Debate d = debate(projectId, debateId);
        return view(d, debates.responses(d.id));
    }

    @Transactional
    public List<DebateView> list(String projectId, String status) {
        return debates.list(projectId, status).stream().map(d -> view(d, debates.responses(d.id))).toList();
    }

    /** Ids of open debates past their deadline; each is then settled in its own transaction. */
    @Transactional
    public List<String[]> due(int max) {
        return debates.due(Instant.now(), max).stream().map(d -> new String[] { d.projectId, d.id }).toList();
    }

    /** Resolves or escalates one due debate; a no-op if someone settled it meanwhile. */
    @Transactional
    public boolean settleAtDeadline(String projectId, String debateId) {
        log.lockProject(projectId);
        Debate d = debates.findById(debateId);
        if (d == null || !OPEN.equals(d.status) || d.deadline.isAfter(Instant.now())) {
            return false;
        }
        return settle(d, debates.responses(d.id), true);
    }

    private boolean settle(Debate d, List<DebateResponse> responses, boolean deadlinePassed) {
        Map<String, String> choices = new LinkedHashMap<>();
        responses.forEach(x -> choices.put(x.session, x.choice));
        Resolution res = DebateRules.judge(d.options, d.participants, choices, deadlinePassed);
        if (res.verdict() == Verdict.OPEN) {
            return false;
        }
        if (res.verdict() == Verdict.RESOLVED) {
            close(d, RESOLVED, res.outcome(), "majority", "majority", res.reason());
            log.append(d.projectId, DeltaDraft.of(DeltaTypes.DEBATE_RESOLVED, null,
                    "Debate '" + d.topic + "' resolved: " + res.outcome() + " (" + res.reason() + ")",
                    Map.of("debateId", d.id, "outcome", res.outcome(), "tally", res.tally()), d.taskIds));
        } else {
            close(d, ESCALATED, null, null, null, res.reason());
            log.append(d.projectId, DeltaDraft.of(DeltaTypes.DEBATE_ESCALATED, null,
                    "Debate '" + d.topic + "' waits for a person: " + res.reason(),
                    Map.of("debateId", d.id, "reason", res.reason(), "tally", res.tally(), "cause",
                            res.noQuorum() ? "no_quorum" : "tie"),
                    d.taskIds));
        }
        return true;
    }

    private static void close(Debate d, String status, String outcome, String decidedBy, String kind, String reason) {
        d.status = status;
        d.outcome = outcome;
        d.decidedBy = decidedBy;
        d.decidedByKind = kind;
        d.resolutionReason = reason;
        if (!ESCALATED.equals(status)) {
            d.closedAt = Instant.now();
        }
    }

    private Debate debate(String projectId, String debateId) {
        return debates.findByIdOptional(debateId).filter(d -> d.projectId.equals(projectId))
                .orElseThrow(() -> Problems.notFound("debate", debateId));
    }

    private static void requireStatus(Debate d, String... allowed) {
        for (String s : allowed) {
            if (s.equals(d.status)) {
                return;
            }
        }
        throw Problems.conflict(d.id + " is " + d.status, Map.of("status", d.status));
    }

    private static DebateView view(Debate d, List<DebateResponse> responses) {
        Map<String, String> choices = new LinkedHashMap<>();
        responses.forEach(x -> choices.put(x.session, x.choice));
        Map<String, Long> tally = DebateRules.judge(d.options, d.participants, choices, false).tally();
        List<String> waiting = OPEN.equals(d.status)
                ? d.participants.stream().filter(p -> !choices.containsKey(p)).toList()
                : List.of();
        return new DebateView(d.id, d.topic, d.question, d.options, d.participants, d.taskIds, d.createdBy,
                d.createdAt, d.deadline, d.status, d.outcome, d.decidedBy, d.decidedByKind, d.resolutionReason,
                d.closedAt, tally, waiting,
                responses.stream().map(x -> new ResponseView(x.session, x.choice, x.argument, x.answeredAt)).toList());
    }

}
