package dev.peercode.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void theBodyListsTheMembersInTheContractsOrderAndLeavesANullDetailOut() {
        Problem p = new Problem(409, "lock-conflict", "Path is locked", "src/a.ts is locked by bob",
                List.of(new FieldError("paths[0]", "is locked")), Map.of("holder", "bob", "type", "forged"));
        Map<String, Object> body = p.body("/v1/projects/p/locks");
        assertThat(body.keySet()).containsExactly("type", "title", "status", "detail", "instance", "errors", "holder");
        assertThat(body).containsEntry("type", "https://peercode.dev/problems/lock-conflict")
                .containsEntry("status", 409).containsEntry("holder", "bob");
        assertThat(new Problem(500, "internal", "Internal error", null).body("/x")).doesNotContainKey("detail")
                .doesNotContainKey("errors");
    }

    @Test
    void oneInvalidFieldIsNamedInTheDetailSeveralAreCounted() {
        assertThat(ProblemException.validation("paths[1]", "must not contain '..' segments").detail())
                .isEqualTo("paths[1] must not contain '..' segments");
        ProblemException two = ProblemException.validation(
                List.of(new FieldError("a", "must not be null"), new FieldError("b", "must not be null")));
        assertThat(two.status()).isEqualTo(400);
        assertThat(two.kind()).isEqualTo("validation");
        assertThat(two.detail()).isEqualTo("2 fields are invalid");
        assertThat(two.errors()).extracting(FieldError::field).containsExactly("a", "b");
    }
}
