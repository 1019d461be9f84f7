package dev.peercode.lock.path;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Normalisation and overlap of lock patterns (DESIGN.md §4).
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
 * A test runs both on the same random pairs; change both or neither.
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

    /** Whether {@code pattern} uses a glob character. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /**
     * Whether the paths locked by two normalised patterns can overlap (see the class comment).
     * Symmetric, and reflexive for every valid pattern.
     */
    public static boolean overlaps(String a, String b) {
        // Fast exact rejection: two patterns whose literal prefixes disagree share no match.
        String pa = literalPrefix(a);
        String pb = literalPrefix(b);
        if (!pa.startsWith(pb) && !pb.startsWith(pa)) {
            return false;
        }
        return intersects(segments(a), segments(b), PathPatterns::isAnyDepth, PathPatterns::segmentsOverlap);
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

    private static boolean isAnyDepth(String segment) {
        return segment.equals(ANY_DEPTH);
    }

    /** Whether two segment patterns ({@code *}, {@code ?}, literals) can match one same name. */
    static boolean segmentsOverlap(String a, String b) {
        return intersects(units(a), units(b), unit -> unit.equals("*"),
                (x, y) -> x.equals(y) || x.equals("?") || y.equals("?"));
    }

    private static List<String> segments(String pattern) {
        return Arrays.asList(pattern.split("/"));
    }

    /** One string per code point, so that {@code ?} means one character here and in Lua. */
    private static List<String> units(String segment) {
        return segment.codePoints().mapToObj(Character::toString).toList();
    }

    interface Star {
        boolean test(String element);
    }

    interface Compatible {
        boolean test(String a, String b);
    }

    /**
     * Whether two sequences whose "star" elements match any run of elements (none included) can
     * produce one same sequence; {@code compatible} says whether two non-star elements can be equal.
     * Exact: a search of the product of both patterns, memoised on the pair of positions.
     */
    static boolean intersects(List<String> a, List<String> b, Star star, Compatible compatible) {
        Boolean[][] memo = new Boolean[a.size() + 1][b.size() + 1];
        return go(a, b, 0, 0, star, compatible, memo);
    }

    private static boolean go(List<String> a, List<String> b, int i, int j, Star star, Compatible compatible,
            Boolean[][] memo) {
        Boolean known = memo[i][j];
        if (known != null) {
            return known;
        }
        boolean aEnd = i == a.size();
        boolean bEnd = j == b.size();
        boolean result;
        if (aEnd && bEnd) {
            result = true;
        } else if (!aEnd && star.test(a.get(i))) {
            // a's star matches nothing more, or swallows b's next element
            result = go(a, b, i + 1, j, star, compatible, memo)
                    || (!bEnd && go(a, b, i, j + 1, star, compatible, memo));
        } else if (!bEnd && star.test(b.get(j))) {
            result = go(a, b, i, j + 1, star, compatible, memo)
                    || (!aEnd && go(a, b, i + 1, j, star, compatible, memo));
        } else if (aEnd || bEnd) {
            result = false;
        } else {
            result = compatible.test(a.get(i), b.get(j)) && go(a, b, i + 1, j + 1, star, compatible, memo);
        }
        memo[i][j] = result;
        return result;
    }
}
