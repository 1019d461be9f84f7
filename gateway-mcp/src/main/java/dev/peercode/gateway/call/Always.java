package dev.peercode.gateway.call;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A member of a {@link ToolAnswer} that is written even when empty (e.g. {@code deltas: []}) and is
 * therefore {@code required} in the output schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.ANNOTATION_TYPE })
@JacksonAnnotationsInside
@JsonInclude(JsonInclude.Include.ALWAYS)
public @interface Always {
}
