package dev.peercode.gateway.security;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code Host} values local mode answers: the loopback names a person types or a local client uses, with
 * any port. A name that merely resolves to 127.0.0.1 (the DNS-rebinding trick) is not among them.
 */
final class LoopbackHost {

    private static final Pattern LOOPBACK = Pattern.compile("(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?");

    private LoopbackHost() {
    }

    static boolean allows(String host) {
        return host != null && LOOPBACK.matcher(host.trim().toLowerCase(Locale.ROOT)).matches();
    }
}
