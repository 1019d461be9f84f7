package dev.peercode.planner.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.peercode.planner.error.Problems;
import dev.peercode.problem.FieldError;

/**
 * Repository-relative POSIX paths or globs (DESIGN.md §4): backslashes and {@code ./} prefixes are
 * normalised; a leading {@code /}, {@code ..} or {@code .} segments, empty segments, control
 * characters and more than 512 bytes are refused.
 */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** The normalised path, or an {@link IllegalArgumentException} whose message is the reason. */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        String p = raw.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.isISOControl(p.charAt(i))) {
                throw new IllegalArgumentException("must not contain control characters");
            }
        }
        if (p.startsWith("/")) {
            throw new IllegalArgumentException("must be relative to the repository root (no leading '/')");
        }
        if (p.getBytes(StandardCharsets.UTF_8).length > 512) {
            throw new IllegalArgumentException("must be at most 512 bytes");
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("must not contain empty segments");
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("must not contain '" + segment + "' segments");
            }
        }
        return p;
    }

    /**
     * Every path normalised, duplicates dropped (first kept); a 400 naming each refused entry
     * ({@code field[i]}) and its rule otherwise. Null is an empty list.
     */
    public static List<String> normaliseAll(List<String> raw, String field) {
        if (raw == null) {
            return new ArrayList<>();
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> normalised = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                normalised.add(normalise(raw.get(i)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + "[" + i + "]", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        return new ArrayList<>(normalised);
    }
}
