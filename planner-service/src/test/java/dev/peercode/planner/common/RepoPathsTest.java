package dev.peercode.planner.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RepoPathsTest {

    @Provide
    Arbitrary<String> rawPaths() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of(".", "..", "", "src", "a.ts", "*", "**", "x y"),
                Arbitraries.strings().withChars("ab./\\\u0000\n-_*?").ofMaxLength(6));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("/", parts));
    }

    @Property
    void anAcceptedPathIsCleanAndNormalisingItAgainChangesNothing(@ForAll("rawPaths") String raw) {
        String p;
        try {
            p = RepoPaths.normalise(raw);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(p).doesNotStartWith("/").doesNotContain("\\").doesNotContain("//");
        assertThat(Arrays.asList(p.split("/", -1))).doesNotContain("", ".", "..");
        assertThat(p.chars()).noneMatch(Character::isISOControl);
        assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
        assertThat(RepoPaths.normalise(p)).isEqualTo(p);
    }

    @Example
    void backslashesAndDotSlashPrefixesAreNormalisedEscapesRefused() {
        assertThat(RepoPaths.normalise(".\\src\\app.ts")).isEqualTo("src/app.ts");
        assertThat(RepoPaths.normalise("./././a")).isEqualTo("a");
        assertThatThrownBy(() -> RepoPaths.normalise("src/../../etc/passwd")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> RepoPaths.normalise("/etc/passwd")).hasMessageContaining("leading '/'");
        assertThatThrownBy(() -> RepoPaths.normalise("a".repeat(513))).hasMessageContaining("512 bytes");
    }
}
