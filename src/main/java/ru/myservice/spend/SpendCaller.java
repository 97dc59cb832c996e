package ru.myservice.spend;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling the spend API, as a verified Casdoor access token says.
 *
 * @param clientId the Casdoor application (client id) the token was issued to, on {@code SPEND_CLIENTS}
 * @param rights what that client may do
 * @param person the Casdoor user name ({@code u-…}) when the token is a person's own; null for a
 *     service's client-credentials token. A person's token may only read that person's account.
 */
public record SpendCaller(
        String clientId, Set<Right> rights, @Nullable String person) {

    /** What a client on {@code SPEND_CLIENTS} may do. */
    public enum Right {
        READ,
        CHARGE,
        REFUND
    }

    public SpendCaller {
        rights = Set.copyOf(rights);
    }

    /** A service calling with its own client-credentials token: it has every right its client has. */
    public static SpendCaller service(String clientId, Set<Right> clientRights) {
        return new SpendCaller(clientId, clientRights, null);
    }

    /** A person's own token used by a client: at most reading, and only if the client may read. */
    public static SpendCaller person(String clientId, Set<Right> clientRights, String person) {
        return new SpendCaller(clientId, clientRights.contains(Right.READ) ? Set.of(Right.READ) : Set.of(), person);
    }

    public boolean may(Right right) {
        return rights.contains(right);
    }

    public boolean isPerson() {
        return person != null;
    }
}
