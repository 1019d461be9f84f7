package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.peercode.testissuer.TestIssuer.WebLogin;

/**
 * A browser on the web UI, without a browser engine: the cookies it holds (a signed-in person's login session,
 * the CSRF nonce) and the CSRF token in the forms of the projects page it loaded. Posts send exactly the nonce
 * cookie and token field a test gives, so a test can post another browser's, a planted or no pair.
 *
 * @param session the login session's cookies (none in local mode)
 * @param nonce the value of this browser's {@code csrf-token} cookie
 * @param token the {@code csrf-token} field of the page's forms
 */
record UiBrowser(String baseUrl, Map<String, String> session, String nonce, String token) {

    static final String CSRF = "csrf-token";

    /** Local mode: loads the projects page, as anyone on the machine may. */
    static UiBrowser open(String baseUrl) {
        HttpResponse<String> page = Rest.send(HttpRequest.newBuilder(URI.create(baseUrl + "/ui")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        String nonce = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(CSRF + "="))
                .map(c -> c.substring(CSRF.length() + 1).split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no " + CSRF + " cookie"));
        return new UiBrowser(baseUrl, Map.of(), nonce, tokenOn(page.body()));
    }

    /**
     * Authentication on: signs in at the issuer's login form as {@code login}'s person, following every redirect
     * as a browser does (the gateway's {@code /ui} → the issuer → back with a code → {@code /ui}).
     */
    static UiBrowser signIn(String baseUrl, WebLogin login) {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> form = Rest.send(browser, HttpRequest.newBuilder(URI.create(baseUrl + "/ui")).GET().build());
        assertThat(form.body()).contains("name=\"username\"");
        Map<String, String> query = query(form.uri());
        URI submit = form.uri().resolve("/login?username=" + encode(login.username()) + "&password="
                + encode(login.password()) + "&state=" + encode(query.get("state")) + "&redirect_uri="
                + encode(query.get("redirect_uri")));
        HttpResponse<String> page = Rest.send(browser, HttpRequest.newBuilder(submit).GET().build());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/ui");
        Map<String, String> session = new HashMap<>();
        String nonce = null;
        for (HttpCookie cookie : cookies.getCookieStore().get(URI.create(baseUrl + "/ui"))) {
            if (cookie.getName().equals(CSRF)) {
                nonce = cookie.getValue();
            } else {
                session.put(cookie.getName(), cookie.getValue());
            }
        }
        assertThat(nonce).as("a %s cookie", CSRF).isNotNull();
        return new UiBrowser(baseUrl, Map.copyOf(session), nonce, tokenOn(page.body()));
    }

    /** A page loaded with this browser's cookies. */
    HttpResponse<String> get(String path) {
        return Rest.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Cookie", cookies(nonce)).GET().build());
    }

    /** A same-origin form post with this browser's own nonce cookie and token. */
    HttpResponse<String> post(String path, Map<String, String> fields) {
        return post(path, nonce, token, Map.of("Sec-Fetch-Site", "same-origin"), fields);
    }

    /**
     * A form post with this browser's login session, the given nonce cookie and token field (either may be null:
     * left out) and the given headers (a browser names the page's origin in {@code Origin} or
     * {@code Sec-Fetch-Site}).
     */
    HttpResponse<String> post(String path, String nonceCookie, String field, Map<String, String> headers,
            Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        if (field != null) {
            form.put(CSRF, field);
        }
        form.putAll(fields);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&"))));
        headers.forEach(request::header);
        String cookies = cookies(nonceCookie);
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        return Rest.send(request.build());
    }

    static String tokenOn(String html) {
        Matcher m = Pattern.compile("name=\"" + CSRF + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in %s", html).isTrue();
        return m.group(1);
    }

    private String cookies(String nonceCookie) {
        List<String> pairs = new ArrayList<>();
        session.forEach((name, value) -> pairs.add(name + "=" + value));
        if (nonceCookie != null) {
            pairs.add(CSRF + "=" + nonceCookie);
        }
        return String.join("; ", pairs);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
