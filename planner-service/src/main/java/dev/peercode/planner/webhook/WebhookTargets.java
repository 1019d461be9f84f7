package dev.peercode.planner.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.planner.config.PlannerConfig;

/**
 * Which URLs a webhook may call. http or https, a host, no user info; and, unless
 * {@code peercode.planner.webhooks.allow-private-targets} is on (local mode, tests), no address a member
 * could use to reach what only the planner can (SSRF): loopback, private, link-local (cloud metadata at
 * 169.254.169.254), unique-local IPv6, any-local, multicast. Checked at creation and again before every
 * send, because a name may resolve elsewhere later; redirects are never followed. A name that changes
 * its answer between that check and the connection (DNS rebinding) remains possible: deployments that
 * need more put the planner's egress behind a proxy or a NetworkPolicy (k8s/README.md).
 */
@ApplicationScoped
public class WebhookTargets {

    private final PlannerConfig config;

    public WebhookTargets(PlannerConfig config) {
        this.config = config;
    }

    /** Why {@code url} is refused, or empty when it may be called. */
    public Optional<String> refusal(String url) {
        return refusal(url, config.webhooks().allowPrivateTargets());
    }

    /** {@link #refusal(String)} with the setting given: the rule itself, testable in both modes. */
    static Optional<String> refusal(String url, boolean allowPrivateTargets) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry user info (put credentials in the URL's path or query instead)");
        }
        if (allowPrivateTargets) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (internal(address)) {
                    return Optional.of("must not point at a loopback, private or link-local address ("
                            + address.getHostAddress()
                            + "); set peercode.planner.webhooks.allow-private-targets=true to allow it");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve: " + uri.getHost());
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10 (CGNAT)
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || sharedV4;
    }
}
