package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.peercode.testissuer.TestIssuer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The public members route with authentication on (SecuredStack: real OIDC tokens with claims, the
 * packaged services): every member lists the members, by name once they have been seen signed in; only
 * owners, as people, add members, change roles and remove; the last owner can neither leave nor step down
 * (409 problem+json); a removed member loses the project with their next call.
 */
class MembersIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String OLIVIA = "olivia-" + RUN;
    static final String BEN = "ben-" + RUN;
    static final String STRANGER = "stranger-" + RUN;

    @Test
    void ownersManageMembersPeopleAppearByNameAndTheLastOwnerStays() {
        TestIssuer issuer = SecuredStack.issuer();
        String olivia = issuer.accessToken(OLIVIA, "Olivia Owner");
        String ben = issuer.accessToken(BEN, "Ben Builder");
        String p = SecuredStack.createProject(olivia, "members " + RUN);
        String members = "/api/v1/projects/" + p + "/members";

        // Seen signed in: the owner is listed under the name from her token.
        JsonObject oliviaListed = find(list(members, olivia), OLIVIA);
        assertThat(oliviaListed.getString("displayName")).isEqualTo("Olivia Owner");
        assertThat(oliviaListed.getString("role")).isEqualTo("owner");

        // Owners add; a bad role is refused naming the field; adding twice is a conflict.
        HttpResponse<String> added = SecuredStack.send("POST", members, olivia,
                new JsonObject().put("subject", BEN).put("role", "member"));
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(members + "/" + BEN));
        assertThat(
                problem(SecuredStack.send("POST", members, olivia, new JsonObject().put("subject", "x").put("role", "admin")),
                        400, "validation").encode())
                .contains("role");
        problem(SecuredStack.send("POST", members, olivia, new JsonObject().put("subject", BEN).put("role", "member")),
                409, "conflict");

        // A member reads (and is then known by name), but changes nothing; strangers do not see the project.
        assertThat(find(list(members, ben), BEN).getString("displayName")).isEqualTo("Ben Builder");
        problem(SecuredStack.send("POST", members, ben, new JsonObject().put("subject", STRANGER).put("role", "owner")),
                403, "forbidden");
        problem(SecuredStack.send("PATCH", members + "/" + BEN, ben, new JsonObject().put("role", "owner")), 403,
                "forbidden");
        problem(SecuredStack.send("DELETE", members + "/" + OLIVIA, ben, null), 403, "forbidden");
        String stranger = issuer.accessToken(STRANGER);
        problem(SecuredStack.send("GET", members, stranger, null), 404, "not-found");
        problem(SecuredStack.send("PATCH", members + "/" + BEN, stranger, new JsonObject().put("role", "owner")), 404,
                "not-found");
        // An owner's agent token acts as an agent, not as the owner: no member management.
        SecuredStack.AgentToken agent = SecuredStack.createAgentToken(olivia, p, "laptop");
        assertThat(SecuredStack.send("GET", members, agent.token(), null).statusCode()).isEqualTo(200);
        problem(SecuredStack.send("PATCH", members + "/" + BEN, agent.token(), new JsonObject().put("role", "owner")),
                403, "forbidden");

        // The last owner can neither step down nor be removed.
        problem(SecuredStack.send("PATCH", members + "/" + OLIVIA, olivia, new JsonObject().put("role", "member")), 409,
                "last-owner");
        problem(SecuredStack.send("DELETE", members + "/" + OLIVIA, olivia, null), 409, "last-owner");

        // Ben becomes owner, demotes Olivia (now a member, she may no longer change anything), ...
        assertThat(SecuredStack.send("PATCH", members + "/" + BEN, olivia, new JsonObject().put("role", "owner"))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> demoted = SecuredStack.send("PATCH", members + "/" + OLIVIA, ben,
                new JsonObject().put("role", "member"));
        assertThat(demoted.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(demoted.body()).getString("role")).isEqualTo("member");
        problem(SecuredStack.send("DELETE", members + "/" + BEN, olivia, null), 403, "forbidden");
        problem(SecuredStack.send("DELETE", members + "/" + BEN, ben, null), 409, "last-owner");

        // ... and removes her: her next call finds no project, her agent token stops working.
        assertThat(SecuredStack.send("DELETE", members + "/" + OLIVIA, ben, null).statusCode()).isEqualTo(204);
        problem(SecuredStack.send("GET", members, olivia, null), 404, "not-found");
        assertThat(SecuredStack.send("GET", members, agent.token(), null).statusCode()).isEqualTo(401);
        assertThat(list(members, ben).stream().map(m -> ((JsonObject) m).getString("subject")).toList())
                .isEqualTo(List.of(BEN));
        problem(SecuredStack.send("DELETE", members + "/" + OLIVIA, ben, null), 404, "not-found");
    }

    private static JsonArray list(String path, String token) {
        HttpResponse<String> r = SecuredStack.send("GET", path, token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body());
    }

    private static JsonObject find(JsonArray members, String subject) {
        return members.stream().map(JsonObject.class::cast).filter(m -> subject.equals(m.getString("subject")))
                .findFirst().orElseThrow(() -> new AssertionError(subject + " not in " + members));
    }

    private static JsonObject problem(HttpResponse<String> r, int status, String kind) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("type")).endsWith("/" + kind);
        return body;
    }
}
