package dev.peercode.gateway.routing;

import java.net.URI;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.security.GatewaySecret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The hop from this replica to the one holding a session: the caller's request as it came (method, URI,
 * every end-to-end header, Authorization included, the body streamed), only ever to a registered live replica, the owner's
 * answer streamed back
 * (JSON or a server-sent event stream). vertx-http-proxy does the HTTP: hop-by-hop headers, chunking, piping.
 */
@ApplicationScoped
class SessionForwarder {

    /**
     * Marks a forwarded request with the forwarder's address. A replica never forwards a marked request again,
     * so a stale record cannot make two replicas bounce a request between them.
     */
    static final String FORWARDED_BY = "X-PeerCode-Forwarded-By";

    private final HttpClient client;
    private final String self;
    private final String hopCredential;

    SessionForwarder(Vertx vertx, GatewayConfig config, GatewaySecret secret) {
        GatewayConfig.Routing routing = config.routing();
        this.self = routing.advertisedUrl().orElse("unadvertised");
        // Never the internal credential: only replicas, which SessionRouter checked the owner is, get this one.
        this.hopCredential = secret.hopCredential().orElse("");
        // No idle timeout: a forwarded SSE stream is quiet for as long as nothing happens in its project.
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(routing.connectTimeout().toMillis()))
                .setMaxPoolSize(routing.maxConnectionsPerReplica())
                .setKeepAlive(true));
    }

    /**
     * Connects to the owner and, once connected, hands the request over; from then on the owner answers it.
     * Fails, without having touched the request, when the owner cannot be reached (it is gone).
     */
    Future<Void> forward(RoutingContext ctx, URI owner) {
        boolean tls = "https".equals(owner.getScheme());
        int port = owner.getPort() > 0 ? owner.getPort() : tls ? 443 : 80;
        return client.request(new RequestOptions().setHost(owner.getHost()).setPort(port).setSsl(tls))
                .onSuccess(originRequest -> relay(ctx, originRequest))
                .mapEmpty();
    }

    private void relay(RoutingContext ctx, HttpClientRequest originRequest) {
        ProxyRequest request = ProxyRequest.reverseProxy(ctx.request());
        request.putHeader(FORWARDED_BY, self);
        // Lets the owner skip the rate limit this replica already applied (ForwardedHop).
        request.putHeader(ForwardedHop.CREDENTIAL, hopCredential);
        if (ctx.body().available()) {
            // A body handler ran before this route (none does today): send what it read, not the drained stream.
            request.setBody(Body.body(ctx.body().buffer()));
        }
        // The caller went away (e.g. closed its SSE stream): close the hop too, so the owner lets go of it.
        ctx.addEndHandler(ended -> {
            if (ended.failed()) {
                originRequest.reset();
            }
        });
        request.send(originRequest)
                .compose(ProxyResponse::send)
                .onFailure(failure -> {
                    if (!ctx.response().headWritten()) {
                        ctx.response().setStatusCode(502).end();
                    }
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
