package dev.peercode.planner.transfer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The import gives every entity a new id (ids are unique per server, and the same export may be imported
 * twice) and rewrites every mention of an old id — in references, in delta data and in summaries — to its
 * new one. Ids are random and prefixed ({@code task_…}), so a mention cannot be mistaken for other text.
 */
final class IdMap {

    private static final Pattern ID = Pattern
            .compile("(?<![A-Za-z0-9_-])(proj_[A-Za-z0-9_-]{16}|(?:task|phase|deb|rev)_[A-Za-z0-9_-]{12})(?![A-Za-z0-9_-])");

    private final Map<String, String> ids = new HashMap<>();

    /** A new id for {@code old}; the same one every time {@code old} is asked for. */
    String assign(String old, Supplier<String> fresh) {
        return ids.computeIfAbsent(old, k -> fresh.get());
    }

    boolean knows(String old) {
        return ids.containsKey(old);
    }

    String get(String old) {
        return ids.get(old);
    }

    List<String> all(List<String> olds) {
        return olds.stream().map(this::rewrite).toList();
    }

    /** {@code text} with every known old id replaced by its new one. */
    String rewrite(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ID.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(ids.getOrDefault(m.group(1), m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of {@code node} with {@link #rewrite} applied to every string in it. */
    JsonNode rewrite(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(rewrite(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(rewrite(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(field -> copy.set(rewrite(field.getKey()), rewrite(field.getValue())));
            return copy;
        }
        return node;
    }
}
