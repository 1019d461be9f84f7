package dev.peercode.gateway.tools;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.Dependent;

import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigPart;

import dev.peercode.gateway.call.Always;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import io.quarkiverse.mcp.server.runtime.SchemaGeneratorConfigCustomizer;

/**
 * Makes the schemas the MCP server generates (victools, from the tools' parameters and answer records)
 * say what the server really does:
 * <ul>
 * <li>output: a member of a {@link ToolAnswer} is {@code required} only when it is always written: a
 * primitive number or boolean, or a member marked {@link Always}; every other one may be left out (the
 * {@link ToolAnswer} rule), which the schema allows by not requiring it;</li>
 * <li>{@link OneOf}: the values of a text member or argument (or of each entry of a list of texts), as
 * {@code enum};</li>
 * <li>{@link Bounds}: {@code minimum}/{@code maximum}, {@code minItems}/{@code maxItems} or
 * {@code minLength}/{@code maxLength} of an argument.</li>
 * </ul>
 * The extension applies every {@link SchemaGeneratorConfigCustomizer} bean to its generator.
 */
@Dependent
public class AnswerSchemas implements SchemaGeneratorConfigCustomizer {

    @Override
    public void customize(SchemaGeneratorConfigBuilder builder) {
        SchemaGeneratorConfigPart<FieldScope> fields = builder.forFields();
        fields.withRequiredCheck(AnswerSchemas::alwaysWritten);
        // On a text member, or on each entry of a list of texts (victools asks again for the list's items).
        fields.withEnumResolver(field -> {
            OneOf values = is(field, String.class) ? field.getAnnotationConsideringFieldAndGetter(OneOf.class) : null;
            return values == null ? null : values(values);
        });
        fields.withNumberInclusiveMinimumResolver(field -> is(field, Number.class) ? bound(field, true) : null);
        fields.withNumberInclusiveMaximumResolver(field -> is(field, Number.class) ? bound(field, false) : null);
        fields.withArrayMinItemsResolver(field -> is(field, Collection.class) ? size(field, true) : null);
        fields.withArrayMaxItemsResolver(field -> is(field, Collection.class) ? size(field, false) : null);
        fields.withStringMinLengthResolver(field -> is(field, String.class) ? size(field, true) : null);
        fields.withStringMaxLengthResolver(field -> is(field, String.class) ? size(field, false) : null);
    }

    /** The declared values, entries listing several ({@code a|b}) split, in order. */
    static List<String> values(OneOf oneOf) {
        return Arrays.stream(oneOf.value()).flatMap(v -> Arrays.stream(v.split("\\|"))).toList();
    }

    private static boolean alwaysWritten(FieldScope field) {
        if (!ToolAnswer.class.isAssignableFrom(field.getDeclaringType().getErasedType())) {
            return false;
        }
        return field.getType().getErasedType().isPrimitive() || annotation(field, Always.class) != null;
    }

    private static boolean is(FieldScope field, Class<?> kind) {
        return kind.isAssignableFrom(field.getType().getErasedType());
    }

    private static BigDecimal bound(FieldScope field, boolean min) {
        Bounds bounds = annotation(field, Bounds.class);
        if (bounds == null || (!min && bounds.max() == Long.MAX_VALUE)) {
            return null;
        }
        return BigDecimal.valueOf(min ? bounds.min() : bounds.max());
    }

    private static Integer size(FieldScope field, boolean min) {
        Bounds bounds = annotation(field, Bounds.class);
        if (bounds == null || (min ? bounds.min() == 0 : bounds.max() == Long.MAX_VALUE)) {
            return null;
        }
        return (int) Math.min(Integer.MAX_VALUE, min ? bounds.min() : bounds.max());
    }

    /** The annotation on the member itself; a list's items (victools' container item scope) get none. */
    private static <A extends java.lang.annotation.Annotation> A annotation(FieldScope field, Class<A> type) {
        return field.isFakeContainerItemScope() ? null : field.getAnnotationConsideringFieldAndGetter(type);
    }
}
