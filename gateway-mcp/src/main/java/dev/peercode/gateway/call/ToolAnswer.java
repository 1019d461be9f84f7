package dev.peercode.gateway.call;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every record in a tool's answer, nested ones included, implements this; it carries the one rule the
 * answers and their declared {@code outputSchema}s share: a member that is absent or empty (null, "",
 * [], {}) is left out of the JSON, never written as {@code null}; so no answer ever holds a null, and the
 * schema declares such a member without listing it in {@code required}. Members that are always there
 * are {@code required}: numbers and booleans of primitive type, and members marked {@link Always}
 * ({@link AnswerSchemas}).
 * <p>
 * Jackson inherits class annotations from interfaces, so the rule applies to exactly these types, not
 * to the ObjectMapper as a whole: the same mapper writes the backends' requests, where an empty list
 * means "clear" (an update's {@code expectedFiles: []}) and must be sent.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public interface ToolAnswer {
}
