package dev.peercode.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which task updates are claims (and so go through the planner's race-safe claim). */
class ClaimDetectionTest {

    @Test
    void claimTrueOrAssigningYourselfAndStartingIsAClaim() {
        assertThat(PlanTools.isClaim("alice", true, null, null)).isTrue();
        assertThat(PlanTools.isClaim("alice", null, "alice", "in_progress")).isTrue();
    }

    @Test
    void anythingLessIsAnUpdate() {
        assertThat(PlanTools.isClaim("alice", false, null, null)).isFalse();
        assertThat(PlanTools.isClaim("alice", null, "alice", null)).isFalse();
        assertThat(PlanTools.isClaim("alice", null, "alice", "review")).isFalse();
        assertThat(PlanTools.isClaim("alice", null, "bob", "in_progress")).isFalse();
        assertThat(PlanTools.isClaim("alice", null, null, "in_progress")).isFalse();
    }
}
