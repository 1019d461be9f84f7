package dev.peercode.planner.debate;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a debate ends (DESIGN.md §6), as a pure function. When every participant has answered, the option
 * with strictly the most votes wins; a tie escalates. At the deadline the same applies to the answers
 * given, provided a quorum (more than half of the participants) answered; otherwise it escalates.
 * Before the deadline and with answers missing it stays open.
 */
public final class DebateRules {

    public enum Verdict {
        OPEN,
        RESOLVED,
        ESCALATED
    }

    /** {@code outcome} is the winning option when resolved; {@code reason} says why, for people. */
    public record Resolution(Verdict verdict, String outcome, String reason, Map<String, Long> tally) {

        /** Escalated because too few answered by the deadline (rather than a tie). */
        public boolean noQuorum() {
            return verdict == Verdict.ESCALATED && reason.startsWith(NO_QUORUM);
        }
    }

    static final String NO_QUORUM = "no quorum at the deadline";

    private DebateRules() {
    }

    public static Resolution judge(List<String> options, Collection<String> participants,
            Map<String, String> choiceBySession, boolean deadlinePassed) {
        Map<String, Long> tally = new LinkedHashMap<>();
        options.forEach(o -> tally.put(o, 0L));
        long answered = 0;
        for (String participant : participants) {
            String choice = choiceBySession.get(participant);
            if (choice != null && tally.containsKey(choice)) {
                tally.merge(choice, 1L, Long::sum);
                answered++;
            }
        }
        boolean everyone = answered == participants.size();
        if (!everyone && !deadlinePassed) {
            return new Resolution(Verdict.OPEN, null, answered + " of " + participants.size() + " answered", tally);
        }
        if (!everyone && answered * 2 <= participants.size()) {
            return new Resolution(Verdict.ESCALATED, null, NO_QUORUM + ": " + answered + " of "
                    + participants.size() + " answered", tally);
        }
        long best = tally.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<String> leaders = tally.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                .toList();
        if (leaders.size() > 1) {
            return new Resolution(Verdict.ESCALATED, null, "tie between " + String.join(", ", leaders), tally);
        }
        return new Resolution(Verdict.RESOLVED, leaders.get(0), "majority: " + best + " of " + answered + " votes"
                + (everyone ? "" : " at the deadline"), tally);
    }
}
