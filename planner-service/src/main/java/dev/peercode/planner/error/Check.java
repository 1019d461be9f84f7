package dev.peercode.planner.error;

import java.util.ArrayList;
import java.util.List;

import dev.peercode.problem.FieldError;

/** Collects field errors of rules that annotations cannot express, then fails once with all of them. */
public final class Check {

    private final List<FieldError> errors = new ArrayList<>();

    public Check require(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public void orThrow() {
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
    }
}
