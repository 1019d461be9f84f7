package dev.peercode.planner.debate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.peercode.planner.debate.DebateRules.Resolution;
import dev.peercode.planner.debate.DebateRules.Verdict;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DebateRulesTest {

    record Case(List<String> options, List<String> participants, Map<String, String> choices) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> optionCount = Arbitraries.integers().between(2, 5);
        Arbitrary<Integer> participantCount = Arbitraries.integers().between(1, 9);
        return Combinators.combine(optionCount, participantCount, Arbitraries.randoms()).as((o, n, random) -> {
            List<String> options = new ArrayList<>();
            for (int i = 0; i < o; i++) {
                options.add("opt" + i);
            }
            List<String> participants = new ArrayList<>();
            Map<String, String> choices = new HashMap<>();
            for (int i = 0; i < n; i++) {
                participants.add("s" + i);
                if (random.nextInt(4) != 0) {
                    choices.put("s" + i, options.get(random.nextInt(o)));
                }
            }
            return new Case(options, participants, choices);
        });
    }

    @Property
    void staysOpenExactlyWhileAnswersAreMissingBeforeTheDeadline(@ForAll("cases") Case c) {
        Resolution r = DebateRules.judge(c.options(), c.participants(), c.choices(), false);
        boolean everyone = c.choices().size() == c.participants().size();
        assertThat(r.verdict() == Verdict.OPEN).isEqualTo(!everyone);
    }

    @Property
    void atTheDeadlineADebateNeverStaysOpen(@ForAll("cases") Case c) {
        assertThat(DebateRules.judge(c.options(), c.participants(), c.choices(), true).verdict())
                .isNotEqualTo(Verdict.OPEN);
    }

    @Property
    void aResolutionIsTheUniqueMostChosenOption(@ForAll("cases") Case c, @ForAll boolean deadline) {
        Resolution r = DebateRules.judge(c.options(), c.participants(), c.choices(), deadline);
        long votes = c.choices().size();
        assertThat(r.tally().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(votes);
        if (r.verdict() == Verdict.RESOLVED) {
            long winner = r.tally().get(r.outcome());
            assertThat(r.tally().entrySet()).allMatch(e -> e.getKey().equals(r.outcome()) || e.getValue() < winner);
            assertThat(votes * 2).isGreaterThan(c.participants().size());
        } else {
            assertThat(r.outcome()).isNull();
        }
    }

    @Property
    void withoutQuorumAtTheDeadlineItEscalates(@ForAll("cases") Case c) {
        Resolution r = DebateRules.judge(c.options(), c.participants(), c.choices(), true);
        if (c.choices().size() * 2 <= c.participants().size()) {
            assertThat(r.verdict()).isEqualTo(Verdict.ESCALATED);
        }
    }

    @Property
    void participantOrderDoesNotMatter(@ForAll("cases") Case c, @ForAll boolean deadline) {
        List<String> shuffled = new ArrayList<>(c.participants());
        Collections.reverse(shuffled);
        assertThat(DebateRules.judge(c.options(), shuffled, c.choices(), deadline))
                .isEqualTo(DebateRules.judge(c.options(), c.participants(), c.choices(), deadline));
    }

    @Example
    void aTieEscalates() {
        Resolution r = DebateRules.judge(List.of("a", "b"), List.of("x", "y"), Map.of("x", "a", "y", "b"), false);
        assertThat(r.verdict()).isEqualTo(Verdict.ESCALATED);
        assertThat(r.reason()).contains("tie");
    }
}
