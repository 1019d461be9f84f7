package dev.peercode.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * What each pod may reach and be reached from, as the union of every NetworkPolicy that selects it (which is
 * how Kubernetes combines them), written out one {@code destination port/protocol} per line and compared with
 * the matrix in k8s/README.md. A rule without a destination (any address) or without ports (any port) would
 * show up as {@code anywhere} or {@code any-port} and fail the comparison.
 */
class NetworkPoliciesTest {

    private static final String DNS_UDP = "ns{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} 53/UDP";
    private static final String DNS_TCP = "ns{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} 53/TCP";
    private static final String OTLP = "ns{kubernetes.io/metadata.name=observability} 4317/TCP";
    private static final String PUBLIC_V4 = "ip 0.0.0.0/0 except [0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, "
            + "127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16]";
    private static final String PUBLIC_V6 = "ip ::/0 except [::1/128, ::ffff:0:0/96, fc00::/7, fe80::/10]";

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void eachServiceReachesOnlyWhatItNeeds(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        boolean prod = kustomization.endsWith("prod");
        boolean dev = kustomization.endsWith("dev");
        // The stores: in-cluster pods (base, dev) or the managed services' address ranges (prod).
        String redis = prod ? "ip 10.0.16.0/28 6380/TCP" : "pods{app.kubernetes.io/name=redis} 6379/TCP";
        String postgres = prod ? "ip 10.0.32.0/28 5432/TCP" : "pods{app.kubernetes.io/name=postgres} 5432/TCP";
        // The identity provider: a hosted one on the internet, or dev's Keycloak pod.
        Set<String> oidc = dev ? Set.of("pods{app.kubernetes.io/name=keycloak} 8080/TCP")
                : Set.of(PUBLIC_V4 + " 443/TCP", PUBLIC_V6 + " 443/TCP");

        assertThat(egress(r, "gateway-mcp")).containsExactlyInAnyOrderElementsOf(union(oidc, Set.of(DNS_UDP, DNS_TCP,
                OTLP, redis,
                "pods{app.kubernetes.io/name=gateway-mcp} 8080/TCP",
                "pods{app.kubernetes.io/name=planner-service} 8081/TCP",
                "pods{app.kubernetes.io/name=lock-service} 8082/TCP")));
        // Webhook receivers: HTTP(S) anywhere public, never a private, link-local or loopback address.
        assertThat(egress(r, "planner-service")).containsExactlyInAnyOrder(DNS_UDP, DNS_TCP, OTLP, redis, postgres,
                PUBLIC_V4 + " 443/TCP", PUBLIC_V4 + " 80/TCP", PUBLIC_V6 + " 443/TCP", PUBLIC_V6 + " 80/TCP");
        assertThat(egress(r, "lock-service")).containsExactlyInAnyOrder(DNS_UDP, DNS_TCP, OTLP, redis);
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void eachServiceIsReachedOnlyByWhatNeedsIt(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        assertThat(ingress(r, "gateway-mcp")).containsExactlyInAnyOrder(
                "ns{kubernetes.io/metadata.name=ingress-nginx} 8080/TCP",
                "ns{kubernetes.io/metadata.name=monitoring} 8080/TCP",
                "pods{app.kubernetes.io/name=gateway-mcp} 8080/TCP");
        assertThat(ingress(r, "planner-service")).containsExactlyInAnyOrder(
                "pods{app.kubernetes.io/name=gateway-mcp} 8081/TCP",
                "ns{kubernetes.io/metadata.name=monitoring} 8081/TCP");
        assertThat(ingress(r, "lock-service")).containsExactlyInAnyOrder(
                "pods{app.kubernetes.io/name=gateway-mcp} 8082/TCP",
                "ns{kubernetes.io/metadata.name=monitoring} 8082/TCP");
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev" })
    void devStoresAndKeycloakAreReachedOnlyByTheirClientsAndReachNothingButDns(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        assertThat(ingress(r, "postgres")).containsExactlyInAnyOrder(
                "pods{app.kubernetes.io/name=planner-service} 5432/TCP");
        assertThat(ingress(r, "redis")).containsExactlyInAnyOrder(
                "pods{app.kubernetes.io/name=planner-service} 6379/TCP",
                "pods{app.kubernetes.io/name=lock-service} 6379/TCP",
                "pods{app.kubernetes.io/name=gateway-mcp} 6379/TCP");
        assertThat(ingress(r, "keycloak")).containsExactlyInAnyOrder(
                "pods{app.kubernetes.io/name=gateway-mcp} 8080/TCP",
                "ns{kubernetes.io/metadata.name=ingress-nginx} 8080/TCP");
        for (String store : List.of("postgres", "redis", "keycloak")) {
            assertThat(egress(r, store)).as(store).containsExactlyInAnyOrder(DNS_UDP, DNS_TCP);
        }
    }

    /** Every allowed egress of the pods of workload {@code name}, one {@code destination port} per entry. */
    static Set<String> egress(Rendered r, String name) {
        return allowed(r, name, "Egress", p -> Stream.ofNullable(p.getSpec().getEgress()).flatMap(List::stream)
                .flatMap(rule -> allowed(rule.getTo(), rule.getPorts())));
    }

    /** Every allowed source of traffic into the pods of workload {@code name}. */
    static Set<String> ingress(Rendered r, String name) {
        return allowed(r, name, "Ingress", p -> Stream.ofNullable(p.getSpec().getIngress()).flatMap(List::stream)
                .flatMap(rule -> allowed(rule.getFrom(), rule.getPorts())));
    }

    private static Set<String> allowed(Rendered r, String name, String direction,
            Function<NetworkPolicy, Stream<String>> rules) {
        return policiesFor(r, podLabels(r, name), direction).flatMap(rules)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The policies that select a pod with these labels for this direction; a pod no policy isolates for the
     * direction would be open, so at least one must.
     */
    private static Stream<NetworkPolicy> policiesFor(Rendered r, Map<String, String> pod, String direction) {
        List<NetworkPolicy> selecting = r.all(NetworkPolicy.class).stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), pod))
                .filter(p -> p.getSpec().getPolicyTypes().contains(direction)).toList();
        assertThat(selecting).as("%s isolated for %s", pod, direction).isNotEmpty();
        return selecting.stream();
    }

    private static Stream<String> allowed(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
        List<String> where = peers == null || peers.isEmpty() ? List.of("anywhere")
                : peers.stream().map(NetworkPoliciesTest::describe).toList();
        List<String> which = ports == null || ports.isEmpty() ? List.of("any-port")
                : ports.stream().map(p -> p.getPort().getIntVal() + "/" + p.getProtocol()).toList();
        return where.stream().flatMap(w -> which.stream().map(port -> w + " " + port));
    }

    private static String describe(NetworkPolicyPeer peer) {
        IPBlock block = peer.getIpBlock();
        if (block != null) {
            List<String> except = block.getExcept() == null ? List.of() : block.getExcept().stream().sorted().toList();
            return "ip " + block.getCidr() + (except.isEmpty() ? "" : " except " + except);
        }
        return Stream.of(selector("ns", peer.getNamespaceSelector()), selector("pods", peer.getPodSelector()))
                .filter(Objects::nonNull).collect(Collectors.joining(" "));
    }

    private static String selector(String what, LabelSelector selector) {
        if (selector == null) {
            return null;
        }
        assertThat(selector.getMatchExpressions()).as("label selectors by matchLabels only").isNullOrEmpty();
        return what + new TreeMap<>(Objects.requireNonNullElse(selector.getMatchLabels(), Map.of()));
    }

    private static boolean selects(LabelSelector selector, Map<String, String> pod) {
        Map<String, String> labels = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        return pod.entrySet().containsAll(labels.entrySet());
    }

    private static Map<String, String> podLabels(Rendered r, String name) {
        return r.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                .map(d -> d.getSpec().getTemplate().getMetadata().getLabels())
                .findFirst()
                .or(() -> r.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals(name))
                        .map(s -> s.getSpec().getTemplate().getMetadata().getLabels()).findFirst())
                .orElseThrow(() -> new AssertionError(r.name + " has no workload " + name));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
