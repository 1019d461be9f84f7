package dev.peercode.rules.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PathPatternsTest {

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.randomValue(RandomPatterns::pattern);
    }

    @Provide
    Arbitrary<String> literals() {
        return Arbitraries.randomValue(RandomPatterns::literal);
    }

    /** Strings made of the characters that matter to the rules, in any order, or joined from such segments. */
    @Provide
    Arbitrary<String> rawInputs() {
        Arbitrary<String> any = Arbitraries.strings().withChars('a', 'b', '.', '/', '\\', '*', '?', ' ', '\0', '\n', 'é')
                .ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of(".", "..", "", "src", "a.ts", "*", "**", "x y"),
                Arbitraries.strings().withChars("ab./\\\u0000\n-_*?\u0085").ofMaxLength(6));
        return Arbitraries.oneOf(any, segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("/", parts)));
    }

    // ---- normalisation ----------------------------------------------------------------------

    @Property(tries = 2000)
    void whatIsAcceptedObeysEveryRuleAndNormalisingItAgainChangesNothing(@ForAll("rawInputs") String raw) {
        String path;
        try {
            path = PathPatterns.normalise(raw);
        } catch (InvalidPathException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(path).doesNotStartWith("/").doesNotContain("\\").doesNotContain("\0").doesNotContain("\n");
        List<String> segments = Arrays.asList(path.split("/", -1));
        assertThat(segments).doesNotContain("", ".", "..");
        assertThat(segments).allMatch(s -> !s.contains("**") || s.equals("**"));
        assertThat(path.chars()).noneMatch(Character::isISOControl);
        assertThat(path.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PathPatterns.MAX_BYTES);
        assertThat(PathPatterns.normalise(path)).isEqualTo(path);
    }

    @Property(tries = 1000)
    void onlyHarmlessDifferencesAreNormalisedAway(@ForAll("patterns") String pattern) {
        assertThat(PathPatterns.normalise(pattern)).isEqualTo(pattern);
        assertThat(PathPatterns.normalise("./" + pattern.replace('/', '\\'))).isEqualTo(pattern);
        assertThat(PathPatterns.normalise("././" + pattern)).isEqualTo(pattern);
    }

    @Property(tries = 500)
    void dotDotAnywhereIsRefused(@ForAll("literals") String a, @ForAll("literals") String b) {
        assertThatThrownBy(() -> PathPatterns.normalise(a + "/../" + b))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("'..'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"               | must not be empty",
            "/etc/passwd      | no leading '/'",
            "src//app.ts      | empty segments",
            "src/             | empty segments",
            "src/./app.ts     | '.' segments",
            "src/../app.ts    | '..' segments",
            "..               | '..' segments",
            "./               | below the repository root",
            "src/a**.ts       | whole path segment",
    })
    void refusesWithTheReason(String raw, String reason) {
        assertThatThrownBy(() -> PathPatterns.normalise(raw)).isInstanceOf(InvalidPathException.class)
                .hasMessageContaining(reason);
    }

    @Example
    void refusesControlCharactersAndOverlongPaths() {
        assertThatThrownBy(() -> PathPatterns.normalise("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> PathPatterns.normalise("a\tb")).hasMessageContaining("control");
        assertThatThrownBy(() -> PathPatterns.normalise("a\u007fb")).hasMessageContaining("control");
        String longest = "é".repeat(256);
        assertThat(PathPatterns.normalise(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> PathPatterns.normalise(longest + "a")).hasMessageContaining("512 bytes");
        assertThat(PathPatterns.normalise(".\\src\\app.ts")).isEqualTo("src/app.ts");
    }

    // ---- overlap ----------------------------------------------------------------------------

    @Property(tries = 2000)
    void overlapIsSymmetricAndReflexive(@ForAll("patterns") String a, @ForAll("patterns") String b) {
        assertThat(PathPatterns.overlaps(a, b)).isEqualTo(PathPatterns.overlaps(b, a));
        assertThat(PathPatterns.overlaps(a, a)).isTrue();
    }

    /** Conservative: whenever one concrete path is locked by both, they overlap. */
    @Property(tries = 5000)
    void neverMissesAPathLockedByBoth(@ForAll("patterns") String a, @ForAll("patterns") String b,
            @ForAll long seed) {
        String path = RandomPatterns.lockedPath(a, new java.util.Random(seed));
        assertThat(RandomPatterns.locks(a, path)).as("generator: %s locks %s", a, path).isTrue();
        if (RandomPatterns.locks(b, path)) {
            assertThat(PathPatterns.overlaps(a, b)).as("%s and %s both lock %s", a, b, path).isTrue();
        }
    }

    /** The literal-prefix shortcut is only a shortcut: every match starts with the prefix. */
    @Property(tries = 3000)
    void everyMatchStartsWithTheLiteralPrefix(@ForAll("patterns") String pattern, @ForAll long seed) {
        String path = RandomPatterns.lockedPath(pattern, new java.util.Random(seed));
        assertThat(path).startsWith(PathPatterns.literalPrefix(pattern));
    }

    /** The linear rule decides exactly as the plain search over both patterns' positions. */
    @Property(tries = 5000)
    void decidesAsTheProductSearch(@ForAll("patterns") String a, @ForAll("patterns") String b) {
        assertThat(PathPatterns.overlaps(a, b)).as("overlaps(%s, %s)", a, b)
                .isEqualTo(ProductSearchOverlap.overlaps(a, b));
    }

    /** A small budget may turn "no" into "yes", never "yes" into "no". */
    @Property(tries = 3000)
    void aSpentBudgetOnlyAddsOverlaps(@ForAll("patterns") String a, @ForAll("patterns") String b,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 12) int budget) {
        boolean exact = PathPatterns.overlaps(a, b);
        PathPatterns.Budget small = new PathPatterns.Budget(budget);
        boolean budgeted = PathPatterns.overlaps(a, b, small);
        if (exact) {
            assertThat(budgeted).isTrue();
        }
        if (!small.spent()) {
            assertThat(budgeted).isEqualTo(exact);
        }
    }

    /** Patterns built to be costly cost at most their length, or the budget. */
    @Example
    void adversarialPatternsStayWithinTheBudget() {
        String text = "a".repeat(500);
        String search = "*" + "a".repeat(240) + "b*";
        PathPatterns.Budget budget = new PathPatterns.Budget(20_000);
        assertThat(PathPatterns.overlaps(text, search, budget)).isTrue();
        assertThat(budget.spent()).as("this pair alone needs ~60,000 comparisons").isTrue();
        // the same pair, given what it needs, is decided exactly
        assertThat(PathPatterns.overlaps(text, search)).isFalse();
        // stars on both sides: parsing (one unit per character) and the ends, nothing in between
        PathPatterns.Budget ends = new PathPatterns.Budget(2 * 402 + 2 + 10);
        assertThat(PathPatterns.overlaps("*a".repeat(200) + "*b", "*a".repeat(200) + "*c", ends)).isFalse();
        assertThat(ends.spent()).isFalse();
    }

    @Example
    void wildcardLimitsNameTheRule() {
        PathPatterns.checkWildcards("src/**/*.test.?s", 8, 4);
        assertThatThrownBy(() -> PathPatterns.checkWildcards("*a*a*a*a*b", 8, 4))
                .isInstanceOf(InvalidPathException.class)
                .hasMessage("a segment may use at most 4 wildcards (* and ?); '*a*a*a*a*b' uses 5");
        assertThatThrownBy(() -> PathPatterns.checkWildcards("**/*a*/**/*b*/**/?", 5, 4))
                .hasMessage("may use at most 5 wildcards (each *, ? and ** counts one); it uses 8");
    }

    /** Not blindly conservative: literal paths overlap only when they are the same path. */
    @Property(tries = 2000)
    void literalsOverlapExactlyWhenEqual(@ForAll("literals") String a, @ForAll("literals") String b) {
        assertThat(PathPatterns.overlaps(a, b)).isEqualTo(a.equals(b));
    }

    /** Exact against a literal: a pattern overlaps a path exactly when the oracle says it locks it. */
    @Property(tries = 3000)
    void aPatternOverlapsAPathExactlyWhenItMatchesIt(@ForAll("patterns") String pattern,
            @ForAll("literals") String path) {
        assertThat(PathPatterns.overlaps(pattern, path)).isEqualTo(RandomPatterns.locks(pattern, path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "src/app.ts   | src/app.ts     | true",
            "src/app.ts   | src/app.js     | false",
            "src          | src/app.ts     | false",
            "src/**       | src/app.ts     | true",
            "**/*.md      | src/app.ts     | false",
            "src/*.ts     | src/app.ts     | true",
            "src/*.ts     | src/lib/x.ts   | false",
            "src/**/*.ts  | src/lib/x.ts   | true",
            "src/**       | src            | true",
            "**           | anything/at/all| true",
            "*.md         | docs/x.md      | false",
            "**/*.md      | docs/x.md      | true",
            "**/*.md      | src/**         | true",
            "src/a?.ts    | src/ab.ts      | true",
            "src/a?.ts    | src/a.ts       | false",
            "src/*.ts     | src/*.js       | false",
            "src/a*       | src/*b         | true",
            "docs/**      | src/**         | false",
            "src/??       | src/日本        | true",
            "src/?        | src/日本        | false",
    })
    void decidesTheUsualCases(String a, String b, boolean overlap) {
        assertThat(PathPatterns.overlaps(a, b)).isEqualTo(overlap);
        assertThat(PathPatterns.overlaps(b, a)).isEqualTo(overlap);
    }
}
