package dev.peercode.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The kustomize base and both overlays render, parse as typed Kubernetes objects, and keep the
 * invariants DESIGN.md §7/§8 ask of a deployment.
 */
class ManifestsTest {

    static final List<String> SERVICES = List.of("gateway-mcp", "planner-service", "lock-service");

    /** A workload's name and pod template (Deployments and the dev overlay's StatefulSets). */
    record Workload(String kind, String name, PodTemplateSpec template) {
    }

    static List<Workload> workloads(Rendered r) {
        List<Workload> all = new ArrayList<>();
        r.all(Deployment.class).forEach(d -> all.add(new Workload("Deployment", d.getMetadata().getName(),
                d.getSpec().getTemplate())));
        r.all(StatefulSet.class).forEach(s -> all.add(new Workload("StatefulSet", s.getMetadata().getName(),
                s.getSpec().getTemplate())));
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void rendersOnlyKnownKindsAndFields(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        assertThat(r.objects).isNotEmpty();
        for (String service : SERVICES) {
            r.one(Deployment.class, service);
            r.one(Service.class, service);
            r.one(PodDisruptionBudget.class, service);
        }
        r.one(Ingress.class, "peercode");
        r.one(ConfigMap.class, "peercode-config");
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void everyContainerHasProbesLimitsAndRunsAsNonRoot(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        for (Workload w : workloads(r)) {
            PodSecurityContext pod = Optional.ofNullable(w.template().getSpec().getSecurityContext())
                    .orElseGet(PodSecurityContext::new);
            for (Container c : w.template().getSpec().getContainers()) {
                String at = kustomization + " " + w.kind() + "/" + w.name() + " container " + c.getName();
                assertThat(c.getLivenessProbe()).as(at + " liveness probe").isNotNull();
                assertThat(c.getReadinessProbe()).as(at + " readiness probe").isNotNull();
                assertThat(c.getStartupProbe()).as(at + " startup probe").isNotNull();
                assertThat(c.getResources()).as(at + " resources").isNotNull();
                assertThat(c.getResources().getRequests()).as(at + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(at + " limits").containsKeys("cpu", "memory");
                SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
                assertThat(nonRoot).as(at + " runAsNonRoot").isTrue();
                assertThat(user).as(at + " runAsUser").isNotNull().isNotZero();
                assertThat(sc.getAllowPrivilegeEscalation()).as(at + " allowPrivilegeEscalation").isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(at + " dropped capabilities").contains("ALL");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void peercodeContainersAreReadOnlyWithATmpVolumeAndJibImages(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        for (String service : SERVICES) {
            PodTemplateSpec template = r.one(Deployment.class, service).getSpec().getTemplate();
            Container c = template.getSpec().getContainers().get(0);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(service + " read-only root").isTrue();
            String tmpVolume = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " mounts no writable /tmp")).getName();
            assertThat(template.getSpec().getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(tmpVolume);
                assertThat(v.getEmptyDir()).isNotNull();
            });
            // The names Jib gives the images (-Dquarkus.container-image.group=peercode), tagged.
            assertThat(c.getImage()).as(service + " image").matches("([a-z0-9.-]+(:[0-9]+)?/)*peercode/" + service
                    + ":[A-Za-z0-9._-]+");
            // Health endpoints of SmallRye Health.
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            // Listens beyond loopback, inside the cluster.
            assertThat(envNames(c)).contains("QUARKUS_HTTP_HOST", "PEERCODE_INTERNAL_TOKEN");
        }
        assertThat(envNames(r.one(Deployment.class, "gateway-mcp").getSpec().getTemplate().getSpec().getContainers()
                .get(0))).contains("QUARKUS_REST_CLIENT_PLANNER_URL", "QUARKUS_REST_CLIENT_LOCK_URL",
                        "PEERCODE_REDIS_URL", "PEERCODE_AUTH_ENABLED", "QUARKUS_OIDC_AUTH_SERVER_URL",
                        "QUARKUS_OIDC_WEB_CLIENT_ID", "QUARKUS_OIDC_WEB_CREDENTIALS_SECRET", "QUARKUS_OIDC_TOKEN_AUDIENCE");
        assertThat(envNames(r.one(Deployment.class, "planner-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0))).contains("PEERCODE_DB_URL", "PEERCODE_DB_USER", "PEERCODE_DB_PASSWORD",
                        "PEERCODE_REDIS_URL");
        assertThat(r.one(ConfigMap.class, "peercode-config").getData()).containsEntry("PEERCODE_AUTH_ENABLED", "true");
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void noSecretValuesOnlyReferencesToDocumentedSecrets(String kustomization) throws IOException {
        Rendered r = Rendered.of(kustomization);
        assertThat(r.all(Secret.class)).as("Secrets are created by the operator, never rendered from git").isEmpty();
        String readme = Files.readString(Rendered.K8S.resolve("README.md"));
        Map<String, String> config = r.one(ConfigMap.class, "peercode-config").getData();
        for (Workload w : workloads(r)) {
            for (Container c : w.template().getSpec().getContainers()) {
                for (EnvVar env : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    String at = w.name() + " env " + env.getName();
                    if (env.getName().matches(".*(PASSWORD|SECRET|TOKEN|AUTH)$") && !env.getName().equals(
                            "PEERCODE_AUTH_ENABLED")) {
                        assertThat(env.getValue()).as(at + " must come from a Secret").isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(at).isNotNull();
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        String secret = env.getValueFrom().getSecretKeyRef().getName();
                        assertThat(readme).as("k8s/README.md documents secret " + secret).contains(secret);
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null
                            && env.getValueFrom().getConfigMapKeyRef().getName().equals("peercode-config")) {
                        assertThat(config).as(at).containsKey(env.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                }
            }
        }
        assertThat(config.keySet()).noneMatch(k -> k.matches(".*(PASSWORD|SECRET|TOKEN)$"));
        assertThat(r.yaml).doesNotContainPattern("(?im)password:\\s*\\S+\\s*$");
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void servicesHpasAndBudgetsPointAtExistingWorkloads(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        List<Workload> workloads = workloads(r);
        for (Service s : r.all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            assertThat(selector).as("Service " + s.getMetadata().getName() + " selector").isNotEmpty();
            assertThat(workloads).as("Service " + s.getMetadata().getName() + " selects a workload")
                    .anyMatch(w -> matches(selector, w));
        }
        for (PodDisruptionBudget pdb : r.all(PodDisruptionBudget.class)) {
            assertThat(workloads).as("PDB " + pdb.getMetadata().getName() + " selects a workload")
                    .anyMatch(w -> matches(pdb.getSpec().getSelector(), w));
        }
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
        assertThat(hpas).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrder("gateway-mcp", "lock-service");
        for (HorizontalPodAutoscaler hpa : hpas) {
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            r.one(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        }
        // Deployment selectors match their own templates (kubectl would refuse otherwise).
        for (Deployment d : r.all(Deployment.class)) {
            assertThat(matches(d.getSpec().getSelector(), new Workload("Deployment", d.getMetadata().getName(),
                    d.getSpec().getTemplate()))).as(d.getMetadata().getName()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void networkPoliciesLetOnlyTheGatewayReachTheServices(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        NetworkPolicy deny = r.one(NetworkPolicy.class, "default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        for (String service : SERVICES) {
            assertThat(policies).as("a NetworkPolicy for " + service).anyMatch(p -> service.equals(
                    p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name")));
        }
        for (String internal : List.of("planner-service", "lock-service")) {
            List<NetworkPolicyPeer> peers = policies.stream()
                    .filter(p -> internal.equals(p.getSpec().getPodSelector().getMatchLabels()
                            .get("app.kubernetes.io/name")))
                    .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                    .flatMap(rule -> rule.getFrom().stream()).toList();
            assertThat(peers).as(internal + " ingress peers").isNotEmpty().allSatisfy(peer -> {
                if (peer.getPodSelector() != null) {
                    assertThat(peer.getPodSelector().getMatchLabels())
                            .containsExactly(Map.entry("app.kubernetes.io/name", "gateway-mcp"));
                } else {
                    // Only the metrics scraper's namespace besides the gateway.
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("kubernetes.io/metadata.name", "monitoring");
                }
            });
        }
        // In-cluster stores (dev): only the services reach them.
        for (String store : List.of("postgres", "redis")) {
            policies.stream().filter(p -> store.equals(p.getSpec().getPodSelector().getMatchLabels()
                    .get("app.kubernetes.io/name"))).flatMap(p -> p.getSpec().getIngress().stream())
                    .flatMap(rule -> rule.getFrom().stream())
                    .forEach(peer -> assertThat(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
                            .as(store + " peer").isIn(SERVICES));
        }
        if (kustomization.endsWith("dev")) {
            assertThat(policies).extracting(p -> p.getMetadata().getName()).contains("postgres", "redis");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void ingressPinsMcpSessionsToAReplica(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        Ingress ingress = r.one(Ingress.class, "peercode");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/upstream-hash-by", "$http_mcp_session_id")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        Set<String> services = Set.copyOf(r.all(Service.class).stream().map(s -> s.getMetadata().getName()).toList());
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                .allSatisfy(p -> assertThat(services).contains(p.getBackend().getService().getName())));
        // Metrics, OpenAPI and health stay inside the cluster: no Ingress path reaches /q/*.
        for (String internal : List.of("/q/metrics", "/q/openapi", "/q/health/ready", "/q/dev")) {
            assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                    .as(internal).noneMatch(p -> routes(p.getPath(), p.getPathType(), internal)));
        }
        for (String open : List.of("/mcp", "/mcp/sse", "/api/v1/projects", "/ui", "/ui/projects/x",
                "/.well-known/oauth-protected-resource", "/webjars/htmx.org/dist/htmx.min.js", "/")) {
            assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                    .as(open).anyMatch(p -> routes(p.getPath(), p.getPathType(), open)));
        }
        if (kustomization.endsWith("prod")) {
            assertThat(ingress.getSpec().getTls()).as("prod serves TLS").isNotEmpty();
            assertThat(ingress.getSpec().getTls().get(0).getHosts()).contains(ingress.getSpec().getRules().get(0)
                    .getHost());
        }
    }

    /** Whether an Ingress path of this type sends {@code request} to its backend (Kubernetes' matching rules). */
    private static boolean routes(String path, String pathType, String request) {
        if ("Exact".equals(pathType)) {
            return request.equals(path);
        }
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return request.equals(prefix) || request.startsWith(prefix + "/") || prefix.isEmpty();
    }

    /**
     * The JVM is sized inside its container (BENCHMARKS.md, "Footprint"): the serial collector instead of the
     * image's parallel one, an explicit maximum heap, and a memory limit that leaves the measured non-heap part
     * (metaspace, code, threads: about 110 MiB per service) above that heap.
     */
    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void everyServiceJvmFitsItsMemoryLimit(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        for (String service : SERVICES) {
            Deployment d = r.one(Deployment.class, service);
            assertThat(env(d, "GC_CONTAINER_OPTIONS").getValue()).as(service).isEqualTo("-XX:+UseSerialGC");
            String options = env(d, "JAVA_OPTS_APPEND").getValue();
            assertThat(options).as(service).contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-XX:+ExitOnOutOfMemoryError");
            java.util.regex.Matcher xmx = java.util.regex.Pattern.compile("-Xmx(\\d+)m").matcher(options);
            assertThat(xmx.find()).as(service + " sets -Xmx").isTrue();
            long heapMiB = Long.parseLong(xmx.group(1));
            var resources = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
            long limitMiB = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(resources.getLimits().get("memory"))
                    .longValue() >> 20;
            long requestMiB = io.fabric8.kubernetes.api.model.Quantity
                    .getAmountInBytes(resources.getRequests().get("memory")).longValue() >> 20;
            assertThat(limitMiB).as(service + " limit vs -Xmx").isGreaterThanOrEqualTo(heapMiB + 128);
            assertThat(requestMiB).as(service + " request").isLessThanOrEqualTo(limitMiB);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void everyServiceLogsJsonInTheCluster(String kustomization) throws IOException {
        Rendered r = Rendered.of(kustomization);
        assertThat(r.one(ConfigMap.class, "peercode-config").getData()).containsEntry("PEERCODE_LOG_JSON", "true");
        for (String service : SERVICES) {
            EnvVar logJson = env(r.one(Deployment.class, service), "PEERCODE_LOG_JSON");
            assertThat(logJson.getValueFrom().getConfigMapKeyRef().getName()).as(service).isEqualTo("peercode-config");
            assertThat(logJson.getValueFrom().getConfigMapKeyRef().getKey()).as(service).isEqualTo("PEERCODE_LOG_JSON");
            // ... and the service turns that variable into JSON console logs (off by default, for local runs).
            assertThat(Files.readAllLines(Rendered.K8S.resolveSibling(service)
                    .resolve("src/main/resources/application.properties"))).as(service)
                    .contains("quarkus.log.console.json.enabled=${PEERCODE_LOG_JSON:false}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void gatewayReplicasAdvertiseTheirPodAddressAndMayReachEachOther(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        Deployment gateway = r.one(Deployment.class, "gateway-mcp");
        Container c = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        int port = c.getPorts().get(0).getContainerPort();
        // Kubernetes expands $(POD_IP) only from a variable defined earlier in the list.
        List<String> names = envNames(c);
        assertThat(names.indexOf("POD_IP")).isGreaterThanOrEqualTo(0).isLessThan(
                names.indexOf("PEERCODE_GATEWAY_ADVERTISED_URL"));
        assertThat(env(gateway, "POD_IP").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        assertThat(env(gateway, "PEERCODE_GATEWAY_ADVERTISED_URL").getValue()).isEqualTo("http://$(POD_IP):" + port);

        NetworkPolicy policy = r.one(NetworkPolicy.class, "gateway-mcp");
        assertThat(policy.getSpec().getIngress()).as("gateway replicas may forward to each other")
                .anyMatch(rule -> onlyGateways(rule.getFrom()) && onlyPort(rule.getPorts(), port));
        assertThat(policy.getSpec().getEgress()).as("and reach each other")
                .anyMatch(rule -> onlyGateways(rule.getTo()) && onlyPort(rule.getPorts(), port));
    }

    private static boolean onlyGateways(List<NetworkPolicyPeer> peers) {
        return peers != null && !peers.isEmpty() && peers.stream().allMatch(peer -> peer.getPodSelector() != null
                && peer.getNamespaceSelector() == null
                && Map.of("app.kubernetes.io/name", "gateway-mcp").equals(peer.getPodSelector().getMatchLabels()));
    }

    private static boolean onlyPort(List<NetworkPolicyPort> ports, int port) {
        return ports != null && ports.size() == 1 && ports.get(0).getPort().getIntVal() == port;
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev" })
    void devRunsItsOwnStoresAndKeycloakWithPersistentRedis(String kustomization) throws IOException {
        Rendered r = Rendered.of(kustomization);
        StatefulSet redis = r.one(StatefulSet.class, "redis");
        assertThat(redis.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--appendonly",
                "yes");
        assertThat(redis.getSpec().getVolumeClaimTemplates()).isNotEmpty();
        assertThat(r.one(StatefulSet.class, "postgres").getSpec().getVolumeClaimTemplates()).isNotEmpty();
        r.one(Deployment.class, "keycloak");
        assertThat(r.one(ConfigMap.class, "peercode-config").getData().get("QUARKUS_OIDC_AUTH_SERVER_URL"))
                .startsWith("http://keycloak:8080/");
        // create-secrets.sh makes every Secret (and key) the dev workloads reference.
        List<String> script = Files.readAllLines(Rendered.K8S.resolve("overlays/dev/create-secrets.sh"));
        for (Workload w : workloads(r)) {
            for (Container c : w.template().getSpec().getContainers()) {
                Stream.ofNullable(c.getEnv()).flatMap(List::stream)
                        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .map(e -> e.getValueFrom().getSecretKeyRef())
                        .forEach(ref -> assertThat(script).as("create-secrets.sh creates %s/%s", ref.getName(),
                                ref.getKey()).anyMatch(
                                        line -> line.startsWith("create " + ref.getName() + " ")
                                                && line.contains(ref.getKey() + "=")));
            }
        }
        assertThat(r.objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace() == null
                || o.getMetadata().getNamespace().equals("peercode-dev")).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/prod" })
    void prodUsesManagedStoresOverTls(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        assertThat(r.all(StatefulSet.class)).isEmpty();
        assertThat(r.one(ConfigMap.class, "peercode-config").getData().get("PEERCODE_DB_URL"))
                .contains("sslmode=verify-full");
        assertThat(r.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).startsWith("registry.example.com/"));
    }

    private static boolean matches(Map<String, String> selector, Workload w) {
        Map<String, String> labels = Objects.requireNonNullElse(w.template().getMetadata().getLabels(), Map.of());
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static boolean matches(LabelSelector selector, Workload w) {
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()
                ? matches(selector.getMatchLabels(), w)
                : false;
    }

    private static EnvVar env(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no env " + name));
    }

    private static List<String> envNames(Container c) {
        return Stream.ofNullable(c.getEnv()).flatMap(List::stream).map(EnvVar::getName).toList();
    }
}
