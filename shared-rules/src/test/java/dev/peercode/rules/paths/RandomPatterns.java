package dev.peercode.rules.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Random lock patterns over a tiny alphabet (so that overlaps are frequent), paths they lock, and
 * an independent regular-expression oracle of what a pattern locks.
 */
public final class RandomPatterns {

    /** Includes a two-byte and a three-byte UTF-8 character: {@code ?} must mean one character. */
    private static final String[] CHARS = { "a", "b", ".", "é", "日" };

    private RandomPatterns() {
    }

    /** A valid normalised pattern of 1..4 segments with {@code *}, {@code ?} and {@code **}. */
    public static String pattern(Random random) {
        int segments = 1 + random.nextInt(4);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            out.add(random.nextInt(6) == 0 ? "**" : segment(random, true));
        }
        return String.join("/", out);
    }

    /** A literal path of 1..4 segments. */
    public static String literal(Random random) {
        int segments = 1 + random.nextInt(4);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            out.add(segment(random, false));
        }
        return String.join("/", out);
    }

    private static String segment(Random random, boolean glob) {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(glob ? 8 : 5);
            s.append(pick < 5 ? CHARS[pick] : pick == 5 ? "?" : "*");
        }
        String segment = s.toString().replace("**", "*");
        // "." and ".." are not valid segments; nor is one made only of dots
        return segment.matches("\\.+") ? segment + "a" : segment;
    }

    /** A concrete path the pattern locks: one of its matches. */
    public static String lockedPath(String pattern, Random random) {
        List<String> out = new ArrayList<>();
        for (String segment : pattern.split("/")) {
            if (segment.equals("**")) {
                for (int i = random.nextInt(3); i > 0; i--) {
                    out.add(segment(random, false));
                }
                continue;
            }
            StringBuilder s = new StringBuilder();
            segment.codePoints().forEach(c -> {
                if (c == '*') {
                    for (int i = random.nextInt(3); i > 0; i--) {
                        s.append(CHARS[random.nextInt(CHARS.length)]);
                    }
                } else if (c == '?') {
                    s.append(CHARS[random.nextInt(CHARS.length)]);
                } else {
                    s.appendCodePoint(c);
                }
            });
            out.add(s.isEmpty() ? "a" : s.toString());
        }
        String path = String.join("/", out);
        return path.isEmpty() ? "a" : path;
    }

    /** The oracle: does a lock on {@code pattern} cover {@code path}? */
    public static boolean locks(String pattern, String path) {
        return regex(pattern).matcher(path + "/").matches();
    }

    /** The pattern as a regex over {@code path + "/"}. */
    static Pattern regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String segment : pattern.split("/")) {
            if (segment.equals("**")) {
                regex.append("(?:[^/]+/)*");
                continue;
            }
            StringBuilder literal = new StringBuilder();
            for (int c : segment.codePoints().toArray()) {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '*' ? "[^/]*" : "[^/]");
                } else {
                    literal.appendCodePoint(c);
                }
            }
            if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal.toString()));
            }
            regex.append('/');
        }
        return Pattern.compile(regex.toString());
    }
}
