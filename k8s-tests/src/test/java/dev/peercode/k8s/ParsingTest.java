package dev.peercode.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The validation itself: it must refuse what kubectl apply would refuse or silently ignore. */
class ParsingTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
            spec:
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers:
                    - name: x
                      image: peercode/x:1
                      %s
            """;

    @Test
    void aWellFormedObjectParsesIntoItsTypedClass() {
        Rendered r = Rendered.parse("inline",
                DEPLOYMENT.formatted("readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}"));
        assertThat(r.one(Deployment.class, "x").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    }

    @Test
    void aMisspelledFieldFails() {
        assertThatThrownBy(() -> Rendered.parse("inline",
                DEPLOYMENT.formatted("readinesProbe: {httpGet: {path: /q/health/ready, port: 8080}}")))
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void anUnknownKindFails() {
        assertThatThrownBy(() -> Rendered.parse("inline", """
                apiVersion: example.com/v1
                kind: Gadget
                metadata:
                  name: g
                """)).hasMessageContaining("not a known Kubernetes kind");
    }
}
