package dev.peercode.gateway.tools;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bounds of a tool argument, declared in its input schema: {@code minimum}/{@code maximum} of a
 * number, {@code minItems}/{@code maxItems} of a list, {@code minLength}/{@code maxLength} of a text.
 * The tool checks them itself (an invalid-params error naming the argument); {@code InputSchemaTest}
 * proves the declared bounds are exactly the ones the tool enforces.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER })
public @interface Bounds {

    /** The least value, size or length accepted. */
    long min() default 0;

    /** The greatest value, size or length accepted; by default no bound is declared. */
    long max() default Long.MAX_VALUE;
}
