package dev.peercode.gateway.live;

import jakarta.inject.Singleton;

import io.quarkiverse.mcp.server.FilterContext;
import io.quarkiverse.mcp.server.McpMethod;
import io.quarkiverse.mcp.server.ResourceFilter;
import io.quarkiverse.mcp.server.ResourceManager.ResourceInfo;

/**
 * Keeps the concrete project resources out of {@code resources/list}. They are registered on a replica
 * for every project anybody touched there, so listing them would show every caller the ids of other
 * teams' projects. Clients find their project's resource through the template
 * ({@code resources/templates/list}) and the id their tools return; reading and subscribing stay
 * authorised per caller ({@link ProjectResources}, {@code security.SubscriptionGuard}).
 */
@Singleton
class ProjectResourceListFilter implements ResourceFilter {

    @Override
    public boolean test(ResourceInfo resource, FilterContext context) {
        return context.method() != McpMethod.RESOURCES_LIST || !resource.uri().startsWith(ProjectResources.URI_PREFIX);
    }
}
