package dev.peercode.rules.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.peercode.problem.FieldError;
import dev.peercode.problem.ProblemException;
import net.jqwik.api.Example;

/** The one path rule for every service, by example (the properties are in {@link PathPatternsTest}). */
class NormalisationTest {

    @Example
    void backslashesAndDotSlashPrefixesAreNormalisedEscapesRefused() {
        assertThat(PathPatterns.normalise(".\\src\\app.ts")).isEqualTo("src/app.ts");
        assertThat(PathPatterns.normalise("./././a")).isEqualTo("a");
        assertThatThrownBy(() -> PathPatterns.normalise("src/../../etc/passwd")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> PathPatterns.normalise("/etc/passwd")).hasMessageContaining("leading '/'");
        assertThatThrownBy(() -> PathPatterns.normalise("a".repeat(513))).hasMessageContaining("512 bytes");
    }

    /**
     * The one rule, for lock patterns as for a task's files and a delta's paths: the planner used to
     * accept {@code a**b} and check in another order; now every service refuses what the lock service
     * refuses, with the same reason.
     */
    @Example
    void aDoubleStarIsAWholeSegmentAndEveryRefusalNamesTheFirstBrokenRule() {
        assertThatThrownBy(() -> PathPatterns.normalise("src/a**b")).isInstanceOf(InvalidPathException.class)
                .hasMessage("'**' must be a whole path segment");
        assertThat(PathPatterns.normalise("src/**/b*")).isEqualTo("src/**/b*");
        // Characters first, before anything is rewritten: a NUL is named as such even behind a leading '/'.
        assertThatThrownBy(() -> PathPatterns.normalise("/a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> PathPatterns.normalise("/a\u0085b")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> PathPatterns.normalise("./")).hasMessageContaining("below the repository root");
        // Segments before size: a 600-byte path with '..' is refused for the '..'.
        assertThatThrownBy(() -> PathPatterns.normalise("a/../" + "b".repeat(600))).hasMessageContaining("'..'");
    }

    @Example
    void aListIsNormalisedDeduplicatedAndEveryRefusedEntryNamedByIndex() {
        assertThat(PathPatterns.normaliseAll("files", List.of("./src/a.ts", "src\\a.ts", "b"))).containsExactly("src/a.ts",
                "b");
        assertThat(PathPatterns.normaliseAll("files", null)).isEmpty();
        assertThatThrownBy(() -> PathPatterns.normaliseAll("files", List.of("ok", "../x", "a**b")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("files[1]", "files[2]");
                });
    }
}
