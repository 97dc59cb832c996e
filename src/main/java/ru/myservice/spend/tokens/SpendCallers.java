package ru.myservice.spend.tokens;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import ru.myservice.spend.SpendCaller;

/**
 * Who a checked token speaks for (contract §3, §7.7): a client's own client-credentials token is the application
 * ({@code sub == "admin/" + name}, {@code owner == "admin"}) and carries the client's rights; a person of our
 * organization using a client may at most read; anyone else is refused.
 */
final class SpendCallers implements Converter<Jwt, SpendAuthentication> {

    private static final String APPLICATIONS_OWNER = "admin";

    private final SpendClients clients;
    private final String organization;

    SpendCallers(SpendClients clients, String organization) {
        this.clients = clients;
        this.organization = organization;
    }

    @Override
    public SpendAuthentication convert(Jwt jwt) {
        return new SpendAuthentication(caller(jwt), jwt);
    }

    SpendCaller caller(Jwt jwt) {
        String clientId = jwt.getClaimAsString("azp");
        if (clientId == null || !clients.allows(clientId)) {
            throw new InvalidBearerTokenException("azp " + Printable.of(clientId) + " is not on SPEND_CLIENTS");
        }
        String owner = jwt.getClaimAsString("owner");
        String name = jwt.getClaimAsString("name");
        if (APPLICATIONS_OWNER.equals(owner)
                && name != null
                && !name.isBlank()
                && (APPLICATIONS_OWNER + "/" + name).equals(jwt.getSubject())) {
            return SpendCaller.service(clientId, clients.of(clientId));
        }
        if (organization.equals(owner)) {
            String person = userName(jwt);
            if (person == null || person.isBlank()) {
                throw new InvalidBearerTokenException("a person's token without a user name");
            }
            return SpendCaller.person(clientId, clients.of(clientId), person);
        }
        throw new InvalidBearerTokenException(
                "owner " + Printable.of(owner) + " is neither an application nor organization " + organization);
    }

    /**
     * The Casdoor user name. JWT and JWT-Empty tokens carry it as {@code name}; JWT-Standard ones, recognised by
     * {@code preferred_username}, put it there and the display name, which people may set, into {@code name}.
     */
    private static String userName(Jwt jwt) {
        return jwt.hasClaim("preferred_username")
                ? jwt.getClaimAsString("preferred_username")
                : jwt.getClaimAsString("name");
    }
}
