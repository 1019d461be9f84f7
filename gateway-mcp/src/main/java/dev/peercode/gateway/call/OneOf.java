package dev.peercode.gateway.call;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a text member can take, declared as {@code enum} in the schema: on a member of a
 * {@link ToolAnswer} (output schema) or on a tool argument (input schema; the tool still checks the
 * value itself, with an error naming the argument).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface OneOf {

    /**
     * The allowed values, exactly as written in the JSON; one entry may list several separated by {@code |}, so
     * a vocabulary kept elsewhere as a constant joins in ({@code TaskStatus.REGEX}).
     */
    String[] value();
}
