package dev.peercode.gateway.call;

import java.util.List;
import java.util.regex.Pattern;

import dev.peercode.api.IdFormats;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.rules.tasks.TaskStatus;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;

/**
 * Validation of tool arguments. A malformed argument is a protocol error (JSON-RPC invalid params,
 * -32602) whose message names the field and the rule; it never reaches a backend.
 */
public final class Args {

    public static final Pattern PROJECT = Pattern.compile(IdFormats.PROJECT);
    public static final Pattern SESSION = Pattern.compile(IdFormats.SESSION);
    public static final Pattern TASK = Pattern.compile(IdFormats.TASK);
    public static final Pattern PHASE = Pattern.compile(IdFormats.PHASE);
    public static final Pattern DEBATE = Pattern.compile("deb_[A-Za-z0-9_-]{12}");
    /** The rules a malformed task, phase or debate id breaks. */
    public static final String TASK_RULE = "must be a task id (task_...)";
    public static final String PHASE_RULE = "must be a phase id (phase_...)";
    public static final String DEBATE_RULE = "must be a debate id (deb_...)";
    public static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");
    public static final Pattern TASK_STATUS = Pattern.compile(TaskStatus.REGEX);
    /** The rule a wrong status breaks: {@code must be todo, in_progress, ... or cancelled}. */
    public static final String TASK_STATUS_RULE = "must be " + listed(TaskStatus.ALL);

    private Args() {
    }

    /** {@code a, b or c}. */
    public static String listed(List<String> values) {
        int last = values.size() - 1;
        return last == 0 ? values.get(0) : String.join(", ", values.subList(0, last)) + " or " + values.get(last);
    }

    public static InvalidArgument invalid(String field, String rule) {
        return new InvalidArgument(field, rule);
    }

    /** A malformed argument: JSON-RPC invalid params over MCP, 400 validation over REST. */
    public static final class InvalidArgument extends McpException {

        private final String field;
        private final String rule;

        InvalidArgument(String field, String rule) {
            super("Invalid argument '" + field + "': " + rule, JsonRpcErrorCodes.INVALID_PARAMS);
            this.field = field;
            this.rule = rule;
        }

        public String field() {
            return field;
        }

        public String rule() {
            return rule;
        }
    }

    /** Fails unless {@code value} is absent or matches; returns it. */
    public static String optional(String field, String value, Pattern pattern, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw invalid(field, rule);
        }
        return value;
    }

    public static String required(String field, String value, Pattern pattern, String rule) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return optional(field, value, pattern, rule);
    }

    public static String text(String field, String value, boolean required, int maxLength) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw invalid(field, "is required");
            }
            return null;
        }
        if (value.length() > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** {@code value} without surrounding blanks; null when it is blank. */
    public static String stripped(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * A member's subject typed by an owner (add, change role, remove): it goes into the planner's URLs
     * ({@code /members/{subject}}), so it follows the rule signed-in subjects follow; surrounding blanks are
     * dropped.
     */
    public static String subject(String field, String value) {
        String subject = text(field, value, true, 255).strip();
        if (!CallerResolver.usableSubject(subject)) {
            throw invalid(field, "must be an identity's subject: no whitespace, control characters, / \\ ? # %, "
                    + "and not . or ..");
        }
        return subject;
    }

    public static Integer range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static Long atLeastZero(String field, Long value) {
        if (value != null && value < 0) {
            throw invalid(field, "must be 0 or more");
        }
        return value;
    }

    public static List<String> list(String field, List<String> values, boolean required, int maxSize,
            Pattern pattern, String rule) {
        if (values == null || values.isEmpty()) {
            if (required) {
                throw invalid(field, "must list at least one entry");
            }
            return null;
        }
        if (values.size() > maxSize) {
            throw invalid(field, "must list at most " + maxSize + " entries");
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isBlank()) {
                throw invalid(field + "[" + i + "]", "must not be empty");
            }
            if (pattern != null && !pattern.matcher(v).matches()) {
                throw invalid(field + "[" + i + "]", rule);
            }
            if (v.length() > 512) {
                throw invalid(field + "[" + i + "]", "must be at most 512 characters");
            }
        }
        return values;
    }

    public static String oneOf(String field, String value, boolean required, List<String> allowed) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw invalid(field, "is required; one of " + String.join(", ", allowed));
            }
            return null;
        }
        if (!allowed.contains(value)) {
            throw invalid(field, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }
}
