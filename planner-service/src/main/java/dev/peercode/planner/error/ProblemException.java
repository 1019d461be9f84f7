package dev.peercode.planner.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected failure that becomes an RFC 9457 problem: a stable kind, a status, a message safe to
 * show, field errors and extension members the caller acts on.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String kind, String title, String detail, List<FieldError> errors,
            Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
