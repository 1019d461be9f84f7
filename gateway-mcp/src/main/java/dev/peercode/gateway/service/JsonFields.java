package dev.peercode.gateway.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Tolerant reading of the planner answers the gateway passes on without a fixed shape (debates, replan). */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** An array of strings, or of objects with an {@code id} or {@code label}. */
    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            values.add(v.isTextual() ? v.asText() : v.path("id").asText(v.path("label").asText(v.toString())));
        }
        return values;
    }

    public static Instant instant(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
