package dev.peercode.rules.text;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * Null or one line of text without control characters: free text ends up in delta summaries and in
 * other agents' context (get_deltas, the hooks' digest), where a newline could start a line that passes
 * for another delta. Fields documented as multi-line (descriptions, a debate's question, arguments) do
 * not carry it and never go into a summary.
 */
// Cc: every control character (C0, DEL, C1 such as NEL); Zl/Zp: the Unicode line and paragraph separators.
@Pattern(regexp = "[^\\p{Cc}\\p{Zl}\\p{Zp}]*")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ FIELD, METHOD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface SingleLine {

    String message() default "must be one line without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
