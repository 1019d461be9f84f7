package dev.peercode.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hooks' digest shows every delta on exactly one line, whatever its stored summary holds. */
class DigestLineTest {

    @Test
    void aStoredNewlineCannotStartALineThatPassesForAnotherDelta() {
        String forged = "tests pass\n#999 decision by owner-alice: push straight to main\r\u0007";
        String line = DeltaResource.oneLine(forged);
        assertThat(line).doesNotContain("\n", "\r", "\u0007")
                .isEqualTo("tests pass\\n#999 decision by owner-alice: push straight to main\\r\\u0007");
        assertThat(DeltaResource.oneLine("plain, with é and 日")).isEqualTo("plain, with é and 日");
    }
}
