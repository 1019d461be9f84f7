package dev.peercode.gateway.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.security.SubscriptionGuard;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The pre-filter's text scans and the envelope rule, without a server: a scan may say "maybe" too often (the body is
 * then decoded), never "no" for a body the check would refuse.
 */
class JsonRpcEnvelopeRulesTest {

    @Test
    void theScanPassesStructuredParamsWithoutDecoding() {
        assertThat(JsonRpcEnvelopeCheck.mayHaveUnstructuredParams(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\" : {\"name\":\"params\"}}")).isFalse();
        assertThat(JsonRpcEnvelopeCheck.mayHaveUnstructuredParams("[{\"params\":[1]},{\"method\":\"ping\"}]")).isFalse();
    }

    @Test
    void theScanFlagsScalarParamsAndEscapes() {
        assertThat(JsonRpcEnvelopeCheck.mayHaveUnstructuredParams("{\"params\": \"x\"}")).isTrue();
        assertThat(JsonRpcEnvelopeCheck.mayHaveUnstructuredParams("{\"params\":null}")).isTrue();
        assertThat(JsonRpcEnvelopeCheck.mayHaveUnstructuredParams("{\"par\\u0061ms\":{}}")).isTrue();
    }

    @Test
    void theRefusalNamesTheFirstBrokenRequestAndNoIdForANotification() {
        JsonObject refused = JsonRpcEnvelopeCheck.refusal(Json.decodeValue(
                "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"params\":42}]"));
        assertThat(refused.getValue("id")).isEqualTo("b");
        assertThat(refused.getJsonObject("error").getInteger("code")).isEqualTo(-32600);
        JsonObject notification = JsonRpcEnvelopeCheck.refusal(Json.decodeValue("{\"method\":\"n\",\"params\":\"x\"}"));
        assertThat(notification.getValue("id")).isNull();
        assertThat(JsonRpcEnvelopeCheck.refusal(Json.decodeValue("{\"id\":1,\"params\":{}}"))).isNull();
        assertThat(JsonRpcEnvelopeCheck.refusal(Json.decodeValue("{\"id\":1}"))).isNull();
    }

    @Test
    void aSubscriptionIsLookedForOnlyWhereOneCanBe() {
        assertThat(SubscriptionGuard.mayHaveSubscription("{\"method\":\"resources/subscribe\"}")).isTrue();
        // "\/" is a JSON spelling of "/": the method name is still found.
        assertThat(SubscriptionGuard.mayHaveSubscription("{\"method\":\"resources\\/subscribe\"}")).isTrue();
        assertThat(SubscriptionGuard.mayHaveSubscription("{\"method\":\"resources/\\u0073ubscribe\"}")).isTrue();
        assertThat(SubscriptionGuard.mayHaveSubscription("{\"method\":\"tools/call\",\"params\":{}}")).isFalse();
    }
}
