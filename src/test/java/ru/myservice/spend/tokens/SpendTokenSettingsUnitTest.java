package ru.myservice.spend.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ru.myservice.spend.SpendCaller.Right;

/** SPEND_CLIENTS and the other token settings: what operators write, and the start refused on a mistake. */
class SpendTokenSettingsUnitTest {

    @Test
    void clientsAndTheirRightsAreReadFromTheList() {
        SpendClients clients = SpendClients.parse(" ai-demo:read|charge|refund , ai-site:read,");

        assertThat(clients.of("ai-demo")).isEqualTo(Set.of(Right.READ, Right.CHARGE, Right.REFUND));
        assertThat(clients.of("ai-site")).isEqualTo(Set.of(Right.READ));
        assertThat(clients.allows("ai-other")).isFalse();
        assertThat(clients.of("ai-other")).isEmpty();
        assertThat(SpendClients.parse("").isEmpty()).isTrue();
        assertThat(SpendClients.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void aMistakeInTheListStopsTheStartNamingTheEntry() {
        assertThatThrownBy(() -> SpendClients.parse("ai-demo")).hasMessageContaining("'ai-demo' names no rights");
        assertThatThrownBy(() -> SpendClients.parse("ai-demo:")).hasMessageContaining("'ai-demo:' names no rights");
        assertThatThrownBy(() -> SpendClients.parse("ai-demo:read|pay")).hasMessageContaining("unknown right 'pay'");
        assertThatThrownBy(() -> SpendClients.parse("ai-demo:read,ai-demo:charge"))
                .hasMessageContaining("ai-demo twice");
        assertThatThrownBy(() -> SpendClients.parse("ai demo:read")).hasMessageContaining("client id");
        assertThatThrownBy(() -> settings("https://auth.example.test", "HS256", "ai-demo:read"))
                .hasMessageContaining("SPEND_TOKEN_ALGORITHM")
                .hasMessageContaining("HS256");
        assertThatThrownBy(() -> settings("https://auth.example.test", "RS256", "ai-demo:write"))
                .hasMessageContaining("unknown right 'write'");
    }

    @Test
    void onlyTheConfiguredIssuerIsNormalisedAndTheKeySetIsOurApplications() {
        var settings = settings("https://auth.example.test/", "RS256", "");

        assertThat(settings.expectedIssuer()).isEqualTo("https://auth.example.test");
        assertThat(settings.jwksUri()).isEqualTo(URI.create("http://casdoor:8000/.well-known/My%20service/jwks"));
        assertThat(settings("https://auth.example.test", "ES256", "").expectedIssuer())
                .isEqualTo("https://auth.example.test");
    }

    private static SpendTokenProperties settings(String issuer, String algorithm, String clients) {
        return new SpendTokenProperties(
                URI.create(issuer),
                URI.create("http://casdoor:8000/"),
                "My service",
                "myservice",
                "",
                algorithm,
                "cert-built-in",
                clients,
                Duration.ofSeconds(3),
                Duration.ofSeconds(10));
    }
}
