package ru.myservice.config;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is really calling. Behind Caddy the socket peer is the proxy; the client is the right-most
 * {@code X-Forwarded-For} entry that is not one of our proxies. The header is believed only when the
 * request came from a trusted proxy, so nobody can claim an address by sending it themselves.
 */
public final class ClientAddress {

    private final IpRanges trustedProxies;

    public ClientAddress(IpRanges trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** Bound from {@code TRUSTED_PROXIES}. */
    @ConfigurationProperties("myservice")
    public record Settings(List<String> trustedProxies) {}

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }
}
