package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What every MCP client that validates answers (the official TypeScript SDK does, after
 * {@code tools/list}) checks of a tool result, checked on every tool call the e2e tests make: a successful
 * result carries {@code structuredContent} that is valid against the tool's declared {@code outputSchema}
 * (JSON Schema 2020-12, formats asserted as the SDK's ajv-formats does), and its text content is the same
 * JSON. A failure names the tool, the schema errors and the answer.
 */
final class ToolContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    /** Output schemas per gateway URL and tool, read once from that gateway's {@code tools/list}. */
    private static final Map<String, Map<String, JsonSchema>> DECLARED = new ConcurrentHashMap<>();

    private ToolContract() {
    }

    /** Fails the test unless {@code result} (a {@code tools/call} result) keeps the tool's declared contract. */
    static void verify(String gatewayUrl, Supplier<JsonArray> toolsList, String tool, JsonObject result) {
        if (result.containsKey("error") || result.getBoolean("isError", false)) {
            return; // a JSON-RPC error, or an error result carrying text only: the spec validates neither
        }
        JsonObject structured = result.getJsonObject("structuredContent");
        assertThat(structured).as("%s returns structuredContent", tool).isNotNull();
        JsonSchema schema = DECLARED.computeIfAbsent(gatewayUrl, url -> read(toolsList.get())).get(tool);
        assertThat(schema).as("%s declares an outputSchema", tool).isNotNull();
        Set<ValidationMessage> errors = schema.validate(node(structured.encode()));
        assertThat(errors).as("%s answered what its outputSchema does not allow:%n%s", tool, structured.encodePrettily())
                .isEmpty();
        assertThat(result.getJsonArray("content")).as("%s has one text content", tool).hasSize(1);
        assertThat(new JsonObject(Agent.text(result))).as("%s: the text content is the structured content", tool)
                .isEqualTo(structured);
    }

    private static Map<String, JsonSchema> read(JsonArray tools) {
        Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
        for (Object t : tools) {
            JsonObject tool = (JsonObject) t;
            JsonObject output = tool.getJsonObject("outputSchema");
            if (output != null) {
                schemas.put(tool.getString("name"), SCHEMAS.getSchema(node(output.encode()), CONFIG));
            }
        }
        return schemas;
    }

    private static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
