package ru.myservice.signin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * How the session table stores a session's values. The ones every signed-in request reads (the
 * person's security context, the sign-in's time, its method and device) are written in a compact form
 * of their own; reading them back is a few field reads, where Java deserialization built an object
 * stream for each value and resolved every class in it, a few percent of a page's whole cost. Anything
 * else, and sessions stored before this form existed, go through Java serialization as before: its
 * streams begin with the byte {@code 0xAC}, which no compact form begins with.
 */
final class SessionValues {

    private static final int JAVA_STREAM = 0xAC;
    private static final byte TEXT = 1;
    private static final byte NUMBER = 2;
    private static final byte SIGNED_IN = 3;

    private static final byte DIRECT = 1;
    private static final byte PROVIDER = 2;

    private static final byte ROLE = 1;
    private static final byte FACTOR = 2;

    private static final byte NO_DETAILS = 0;
    private static final byte WEB_DETAILS = 1;

    /** Longer texts than this could exceed the compact form's 64 KB and go through Java serialization. */
    private static final int LONGEST_TEXT = 20_000;

    private final Converter<Object, byte[]> java = new SerializingConverter();
    private final Converter<byte[], Object> fromJava;

    SessionValues(ClassLoader classes) {
        this.fromJava = new DeserializingConverter(classes);
    }

    byte[] write(Object value) {
        try {
            var bytes = new ByteArrayOutputStream(128);
            var out = new DataOutputStream(bytes);
            if (value instanceof String text && text.length() <= LONGEST_TEXT) {
                out.writeByte(TEXT);
                out.writeUTF(text);
            } else if (value instanceof Long number) {
                out.writeByte(NUMBER);
                out.writeLong(number);
            } else if (!writeSignedIn(value, out)) {
                return java.convert(value);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object read(byte[] stored) {
        if (stored.length == 0 || (stored[0] & 0xFF) == JAVA_STREAM) {
            return fromJava.convert(stored);
        }
        try {
            var in = new DataInputStream(new ByteArrayInputStream(stored));
            return switch (in.readByte()) {
                case TEXT -> in.readUTF();
                case NUMBER -> in.readLong();
                case SIGNED_IN -> readSignedIn(in);
                default -> throw new IllegalStateException("A session value in an unknown form: " + stored[0]);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A signed-in person's security context, when it is one of ours exactly (our account, an
     * authentication of the two kinds our sign-ins make, authorities and details we know); false for
     * anything else, which Java serialization then stores whole.
     */
    private static boolean writeSignedIn(Object value, DataOutputStream out) throws IOException {
        if (!(value instanceof SecurityContextImpl context)
                || context.getClass() != SecurityContextImpl.class
                || !(context.getAuthentication() instanceof AbstractAuthenticationToken token)
                || !token.isAuthenticated()
                || !(token.getPrincipal() instanceof AccountUser user)
                || token.getCredentials() != null
                || !known(token.getAuthorities())) {
            return false;
        }
        @Nullable String provider;
        if (token.getClass() == UsernamePasswordAuthenticationToken.class) {
            provider = null;
        } else if (token.getClass() == OAuth2AuthenticationToken.class) {
            provider = ((OAuth2AuthenticationToken) token).getAuthorizedClientRegistrationId();
        } else {
            return false;
        }
        Object details = token.getDetails();
        if (details != null && details.getClass() != WebAuthenticationDetails.class) {
            return false;
        }
        out.writeByte(SIGNED_IN);
        out.writeUTF(user.getName());
        if (provider == null) {
            out.writeByte(DIRECT);
        } else {
            out.writeByte(PROVIDER);
            out.writeUTF(provider);
        }
        out.writeInt(token.getAuthorities().size());
        for (GrantedAuthority authority : token.getAuthorities()) {
            if (authority instanceof FactorGrantedAuthority factor) {
                out.writeByte(FACTOR);
                out.writeUTF(factor.getAuthority());
                out.writeLong(factor.getIssuedAt().getEpochSecond());
                out.writeInt(factor.getIssuedAt().getNano());
            } else {
                out.writeByte(ROLE);
                out.writeUTF(authority.getAuthority());
            }
        }
        if (details instanceof WebAuthenticationDetails web) {
            out.writeByte(WEB_DETAILS);
            writeNullable(out, web.getRemoteAddress());
            writeNullable(out, web.getSessionId());
        } else {
            out.writeByte(NO_DETAILS);
        }
        return true;
    }

    private static boolean known(Collection<? extends GrantedAuthority> authorities) {
        for (GrantedAuthority authority : authorities) {
            if (authority.getClass() != SimpleGrantedAuthority.class
                    && authority.getClass() != FactorGrantedAuthority.class) {
                return false;
            }
        }
        return true;
    }

    private static SecurityContext readSignedIn(DataInputStream in) throws IOException {
        var user = new AccountUser(UUID.fromString(in.readUTF()));
        byte kind = in.readByte();
        @Nullable String provider = kind == PROVIDER ? in.readUTF() : null;
        int count = in.readInt();
        List<GrantedAuthority> authorities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.readByte() == FACTOR) {
                String authority = in.readUTF();
                var issuedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
                authorities.add(FactorGrantedAuthority.withAuthority(authority)
                        .issuedAt(issuedAt)
                        .build());
            } else {
                authorities.add(new SimpleGrantedAuthority(in.readUTF()));
            }
        }
        AbstractAuthenticationToken token = provider == null
                ? UsernamePasswordAuthenticationToken.authenticated(user, null, authorities)
                : new OAuth2AuthenticationToken(user, authorities, provider);
        if (in.readByte() == WEB_DETAILS) {
            token.setDetails(new WebAuthenticationDetails(readNullable(in), readNullable(in)));
        }
        return new SecurityContextImpl((Authentication) token);
    }

    private static void writeNullable(DataOutputStream out, @Nullable String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static @Nullable String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
