package dev.peercode.gateway.web;

import java.util.List;

import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.api.planner.ProjectDtos.TokenView;
import dev.peercode.gateway.identity.Caller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The web UI's pages ({@code templates/ui/*.html}) and the fragments htmx re-fetches when a server-sent
 * event says the project moved on ({@code page$fragment}).
 */
@CheckedTemplate(basePath = "ui", requireTypeSafeExpressions = false)
final class Templates {

    private Templates() {
    }

    /** What every project page shows in its header: the project, who is signed in, which tab is open. */
    record Page(ProjectView project, Caller caller, String tab) {

        public boolean owner() {
            return caller.isOwner();
        }
    }

    static native TemplateInstance projects(Caller caller, List<ProjectView> projects);

    static native TemplateInstance board(Page page, Board board, Coordination coordination);

    static native TemplateInstance board$cards(Page page, Board board);

    static native TemplateInstance board$coordination(Page page, Coordination coordination);

    static native TemplateInstance timeline(Page page, Timeline timeline);

    static native TemplateInstance timeline$entries(Page page, Timeline timeline);

    static native TemplateInstance debates(Page page, Debates debates, String decided);

    static native TemplateInstance debates$list(Page page, Debates debates);

    static native TemplateInstance replan(Page page, Proposal proposal, Applied applied);

    static native TemplateInstance members(Page page, List<MemberView> members);

    static native TemplateInstance graph(Page page, DependencyPicture graph);

    static native TemplateInstance graph$picture(Page page, DependencyPicture graph);

    static native TemplateInstance swimlane(Page page, SwimlanePicture swimlane);

    static native TemplateInstance swimlane$picture(Page page, SwimlanePicture swimlane);

    static native TemplateInstance burnup(Page page, BurnUpPicture burnup);

    static native TemplateInstance burnup$picture(Page page, BurnUpPicture burnup);

    static native TemplateInstance tokens(Page page, List<TokenView> tokens, People people, CreatedToken created);

    static native TemplateInstance webhooks(Page page, List<UiOwnerResource.Hook> hooks,
            dev.peercode.api.planner.WebhookDtos.CreatedWebhook created, List<String> kinds);

    static native TemplateInstance error(int status, String title, String message);

    /** A token just made: its secret and the ready-to-paste client configurations, shown this once. */
    record CreatedToken(String tokenId, String name, String memberSubject, String token, String claudeCode,
            String cursor) {
    }

    /** The outcome of applying a proposal: the revision id and the seq of its plan.revised delta. */
    record Applied(String revisionId, long seq) {
    }
}
