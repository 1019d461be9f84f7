package dev.peercode.gateway.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Bounds what Jackson accepts while it parses (REST bodies, and everything else that uses the
 * application's mapper): nesting depth and string length from {@link GatewayConfig.Json}. Exceeding
 * them fails the parse, which the REST API answers 400 problem+json; no deep recursion, no huge strings.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    private final GatewayConfig config;

    JsonLimits(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(config.json().maxNestingDepth())
                .maxStringLength(config.json().maxStringLength())
                .build());
    }
}
