package dev.peercode.problem;

import java.util.List;
import java.util.Map;

/**
 * An expected failure that becomes one problem: thrown anywhere, answered by the service's mapper with
 * its status, type, title, detail and field errors. Cheap: no stack trace.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(int status, String kind, String title, String detail, List<FieldError> errors,
            Map<String, Object> extensions) {
        this(new Problem(status, kind, title, detail, errors, extensions));
    }

    public ProblemException(int status, String kind, String title, String detail) {
        this(new Problem(status, kind, title, detail));
    }

    public static ProblemException validation(List<FieldError> errors) {
        return new ProblemException(Problem.validation(errors));
    }

    public static ProblemException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.notFound(detail));
    }

    public static ProblemException conflict(String title, String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "conflict", title, detail, List.of(), extensions);
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public String kind() {
        return problem.kind();
    }

    public String title() {
        return problem.title();
    }

    public String detail() {
        return problem.detail();
    }

    public List<FieldError> errors() {
        return problem.errors();
    }

    public Map<String, Object> extensions() {
        return problem.extensions();
    }
}
