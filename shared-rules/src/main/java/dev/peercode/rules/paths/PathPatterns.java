package dev.peercode.rules.paths;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.peercode.problem.FieldError;
import dev.peercode.problem.ProblemException;

/**
 * The one rule for repository paths and globs (DESIGN.md §4), for every service that takes them: lock
 * patterns, a task's files, a delta's paths. Normalisation and overlap.
 *
 * <p>
 * A pattern is a repository-relative POSIX path whose segments may use {@code *} (any run of
 * characters within a segment), {@code ?} (one character) and the whole segment {@code **} (any
 * number of segments, including none).
 *
 * <p>
 * <b>What a pattern locks.</b> Exactly the paths it matches (DESIGN.md §4): {@code src} locks the
 * path {@code src}, {@code src/**} the directory and everything below it. Two patterns overlap when
 * some path matches both; {@link #overlaps} decides that exactly over the patterns themselves (so
 * it may see an overlap for files that do not exist, never miss one), with {@code **} also matching
 * no segment at all, which only widens it. An earlier version let every pattern lock its
 * descendants too; then {@code **}{@code /*.md} overlapped every other lock in the repository
 * ({@code a.ts/x.md}), which made globs useless.
 *
 * <p>
 * <b>The same rule runs in Redis.</b> {@code lua/lib.lua} implements {@link #overlaps} line for
 * line ({@code intersects}, {@code units}); the acquire script decides conflicts with it atomically.
 * A test runs both on the same random pairs (lock-service's {@code OverlapParityTest}); change both or
 * neither. The planner's replan analysis uses this one to find tasks whose files overlap.
 */
public final class PathPatterns {

    /** Longest normalised pattern, in UTF-8 bytes. */
    public static final int MAX_BYTES = 512;
    private static final String ANY_DEPTH = "**";

    private PathPatterns() {
    }

    /**
     * Normalises what is harmless (backslashes become {@code /}, leading {@code ./} go) and refuses
     * the rest.
     *
     * @throws InvalidPathException naming the broken rule
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidPathException("must not be empty");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == 0) {
                throw new InvalidPathException("must not contain NUL characters");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidPathException("must not contain control characters");
            }
        }
        String path = raw.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.isEmpty()) {
            throw new InvalidPathException("must name a path below the repository root");
        }
        if (path.startsWith("/")) {
            throw new InvalidPathException("must be repository-relative (no leading '/')");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidPathException("must not contain empty segments ('//' or a trailing '/')");
            }
            if (segment.equals(".")) {
                throw new InvalidPathException("must not contain '.' segments");
            }
            if (segment.equals("..")) {
                throw new InvalidPathException("must not contain '..' segments");
            }
            if (segment.contains(ANY_DEPTH) && !segment.equals(ANY_DEPTH)) {
                throw new InvalidPathException("'**' must be a whole path segment");
            }
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidPathException("must be at most " + MAX_BYTES + " bytes");
        }
        return path;
    }

    /**
     * Refuses patterns whose wildcards exceed the limits ({@code peercode.lock.max-wildcards-per-pattern}
     * and {@code …-per-segment}): each {@code *} and {@code ?} counts one, and so does a {@code **}
     * segment. Together with the overlap budget this keeps every overlap decision small.
     *
     * @throws InvalidPathException naming the limit
     */
    public static void checkWildcards(String pattern, int perPattern, int perSegment) {
        int total = 0;
        for (String segment : pattern.split("/")) {
            int inSegment = segment.equals(ANY_DEPTH) ? 1
                    : (int) segment.chars().filter(c -> c == '*' || c == '?').count();
            if (inSegment > perSegment) {
                throw new InvalidPathException("a segment may use at most " + perSegment + " wildcards (* and ?); '"
                        + segment + "' uses " + inSegment);
            }
            total += inSegment;
        }
        if (total > perPattern) {
            throw new InvalidPathException(
                    "may use at most " + perPattern + " wildcards (each *, ? and ** counts one); it uses " + total);
        }
    }

    /**
     * Every path normalised, duplicates dropped (first kept), each then passed through {@code check}
     * (which may refuse it with an {@link InvalidPathException}); a 400 naming each refused entry
     * ({@code field[i]}) and its rule otherwise. Null is an empty list.
     */
    public static List<String> normaliseAll(String field, List<String> raw, UnaryOperator<String> check) {
        if (raw == null) {
            return new ArrayList<>();
        }
        Set<String> paths = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                paths.add(check.apply(normalise(raw.get(i))));
            } catch (InvalidPathException e) {
                errors.add(new FieldError(field + "[" + i + "]", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new ArrayList<>(paths);
    }

    /** As {@link #normaliseAll(String, List, UnaryOperator)} without a further check. */
    public static List<String> normaliseAll(String field, List<String> raw) {
        return normaliseAll(field, raw, UnaryOperator.identity());
    }

    /**
     * Whether the paths locked by two normalised patterns can overlap (see the class comment).
     * Symmetric, and reflexive for every valid pattern. Exact: no work budget applies here.
     */
    public static boolean overlaps(String a, String b) {
        return overlaps(a, b, new Budget(Long.MAX_VALUE));
    }

    /**
     * As {@link #overlaps(String, String)}, spending at most what is left of {@code budget}: once it is
     * spent, the answer is "they overlap" (never "they do not" without having checked).
     */
    public static boolean overlaps(String a, String b, Budget budget) {
        if (a.equals(b)) {
            return true;
        }
        // Fast exact rejection: two patterns whose literal prefixes disagree share no match.
        String pa = literalPrefix(a);
        String pb = literalPrefix(b);
        if (!pa.startsWith(pb) && !pb.startsWith(pa)) {
            return false;
        }
        if (pa.equals(a) && pb.equals(b)) { // no wildcard in either: the whole pattern is its prefix
            return false; // two different literal paths
        }
        if (budget.spent()) {
            return true;
        }
        boolean overlap = intersects(budget.segments(a), budget.segments(b), (x, y) -> segmentsOverlap(x, y, budget),
                budget);
        return overlap || budget.spent();
    }

    /**
     * What every match of the pattern starts with: the text before the first glob character, less a
     * trailing {@code /} (a {@code **} there may match no segment: {@code src/**} matches {@code src}).
     */
    static String literalPrefix(String pattern) {
        int cut = 0;
        while (cut < pattern.length() && pattern.charAt(cut) != '*' && pattern.charAt(cut) != '?') {
            cut++;
        }
        if (cut == pattern.length()) {
            return pattern;
        }
        String prefix = pattern.substring(0, cut);
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** Whether two segment patterns ({@code *}, {@code ?}, literals) can match one same name. */
    private static boolean segmentsOverlap(String a, String b, Budget budget) {
        return intersects(budget.units(a), budget.units(b), (x, y) -> x.equals(y) || x.equals("?") || y.equals("?"),
                budget);
    }

    interface Compatible {
        boolean test(String a, String b);
    }

    /** A pattern or segment cut into elements, with the positions of its stars ({@code **} or {@code *}). */
    record Parsed(List<String> elements, List<Integer> stars) {

        static Parsed of(List<String> elements, String star) {
            List<Integer> stars = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                if (elements.get(i).equals(star)) {
                    stars.add(i);
                }
            }
            return new Parsed(elements, stars);
        }

        int size() {
            return elements.size();
        }

        String get(int i) {
            return elements.get(i);
        }
    }

    /**
     * What overlap decisions may still spend: one unit per element comparison, and per element of each
     * pattern and segment parsed (once per run: the Lua scripts keep what they parsed for their run, and
     * so does this). The Lua scripts get one per run ({@code peercode.lock.overlap-budget}), which bounds
     * the Redis time of any request whatever its patterns; once it is spent, every pair still undecided
     * counts as overlapping (conservative).
     */
    public static final class Budget {
        private long left;
        private final Map<String, Parsed> segments = new HashMap<>();
        private final Map<String, Parsed> units = new HashMap<>();

        public Budget(long allowance) {
            this.left = allowance;
        }

        public boolean spent() {
            return left <= 0;
        }

        /** Takes one comparison; false when none was left. */
        boolean take() {
            if (left <= 0) {
                return false;
            }
            left--;
            return true;
        }

        Parsed segments(String pattern) {
            return segments.computeIfAbsent(pattern, p -> paid(Parsed.of(Arrays.asList(p.split("/")), ANY_DEPTH)));
        }

        /** One string per code point, so that {@code ?} means one character here and in Lua. */
        Parsed units(String segment) {
            return units.computeIfAbsent(segment,
                    s -> paid(Parsed.of(s.codePoints().mapToObj(Character::toString).toList(), "*")));
        }

        private Parsed paid(Parsed parsed) {
            left -= parsed.size();
            return parsed;
        }
    }

    /**
     * Whether two sequences whose star elements match any run of elements (none included) can produce
     * one same sequence; {@code compatible} says whether two non-star elements can be equal.
     *
     * <p>
     * Exact, and linear except for one search, with the sequences cut at their stars into chunks:
     * <ul>
     * <li>no star on either side: same length, compatible element by element;</li>
     * <li>stars on both sides: the chunks before the first star agree on their common length, and so
     * do the chunks after the last star (everything in between fits between them, since each side's
     * stars can swallow the other side's middle);</li>
     * <li>stars on one side only: its first and last chunks sit at the ends of the other sequence and
     * its middle chunks are placed, in order, each at the leftmost position where it fits (leftmost
     * leaves the most room for the rest, so this finds a placement whenever one exists).</li>
     * </ul>
     * Every comparison is paid from {@code budget}; once it is spent, comparisons answer "compatible"
     * and the caller counts the pair as overlapping.
     */
    static boolean intersects(Parsed a, Parsed b, Compatible compatible, Budget budget) {
        Compatible paid = (x, y) -> !budget.take() || compatible.test(x, y);
        List<Integer> starsA = a.stars();
        List<Integer> starsB = b.stars();
        if (starsA.isEmpty() && starsB.isEmpty()) {
            return a.size() == b.size() && agree(a, 0, b, 0, a.size(), paid, budget);
        }
        if (!starsA.isEmpty() && !starsB.isEmpty()) {
            int head = Math.min(starsA.get(0), starsB.get(0));
            int tailA = a.size() - 1 - starsA.get(starsA.size() - 1);
            int tailB = b.size() - 1 - starsB.get(starsB.size() - 1);
            int tail = Math.min(tailA, tailB);
            return agree(a, 0, b, 0, head, paid, budget)
                    && agree(a, a.size() - tail, b, b.size() - tail, tail, paid, budget);
        }
        return starsA.isEmpty() ? placeable(b, a, paid, budget) : placeable(a, b, paid, budget);
    }

    /** Whether {@code pattern} (with stars) can produce the star-free {@code text}. */
    private static boolean placeable(Parsed pattern, Parsed text, Compatible paid, Budget budget) {
        List<Integer> stars = pattern.stars();
        int head = stars.get(0);
        int tail = pattern.size() - 1 - stars.get(stars.size() - 1);
        if (head + tail > text.size() || !agree(pattern, 0, text, 0, head, paid, budget)
                || !agree(pattern, pattern.size() - tail, text, text.size() - tail, tail, paid, budget)) {
            return false;
        }
        int from = head;
        int end = text.size() - tail;
        for (int s = 0; s + 1 < stars.size(); s++) {
            int chunk = stars.get(s) + 1;
            int length = stars.get(s + 1) - chunk;
            int at = from;
            while (at + length <= end && !agree(pattern, chunk, text, at, length, paid, budget)) {
                at++;
            }
            if (at + length > end) {
                return false;
            }
            from = at + length;
        }
        return true;
    }

    /** Element by element; a spent budget ends the loop (the pair will count as overlapping). */
    private static boolean agree(Parsed a, int fromA, Parsed b, int fromB, int length, Compatible paid,
            Budget budget) {
        for (int k = 0; k < length; k++) {
            if (budget.spent()) {
                return true;
            }
            if (!paid.test(a.get(fromA + k), b.get(fromB + k))) {
                return false;
            }
        }
        return true;
    }
}
