package ru.myservice.casdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorCall;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The client against the contract's Casdoor: HTTP-200 errors become typed failures. */
class CasdoorClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeCasdoor casdoor;

    @BeforeEach
    void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication("myservice", "Myservice", "id", "secret");
    }

    @AfterEach
    void stop() {
        casdoor.close();
    }

    private CasdoorClient client(String secret) {
        var sync = new CasdoorProperties.Sync(
                Duration.ofSeconds(1), 10, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(1), 5);
        return new CasdoorClient(new CasdoorProperties(
                URI.create(casdoor.baseUri().toString()),
                "id",
                secret,
                "myservice",
                "Myservice",
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                sync));
    }

    private static ObjectNode user(String name, String email) {
        ObjectNode user = JSON.createObjectNode();
        user.put("owner", "myservice");
        user.put("name", name);
        user.put("displayName", "Иван Петров");
        user.put("email", email);
        user.put("signupApplication", "Myservice");
        return user;
    }

    @Test
    void readsTheVersionWithGoodCredentials() {
        assertThat(client("secret").version()).startsWith("v");
    }

    @Test
    void wrongCredentialsAreUnauthorizedOnCurrentAndOlderCasdoor() {
        assertThatThrownBy(() -> client("wrong").version()).isInstanceOf(CasdoorException.Unauthorized.class);
        assertThatThrownBy(() -> client("wrong").addUser(user("u-1", "a@example.ru")))
                .isInstanceOf(CasdoorException.Unauthorized.class);

        casdoor.setMode(FakeCasdoor.Mode.ANONYMOUS_ON_BAD_CREDENTIALS);
        assertThatThrownBy(() -> client("wrong").version())
                .isInstanceOf(CasdoorException.Unauthorized.class)
                .hasMessageContaining("Incorrect client secret");
    }

    @Test
    void aMissingUserIsEmptyAndAnAddedOneIsFound() {
        var client = client("secret");
        assertThat(client.getUser("u-absent")).isEmpty();

        client.addUser(user("u-present", "p@example.ru"));

        assertThat(client.getUser("u-present"))
                .hasValueSatisfying(u -> assertThat(u.path("email").asString()).isEqualTo("p@example.ru"));
    }

    @Test
    void takenNamesAndEmailsAreConflictsAndBadNamesAreRejected() {
        var client = client("secret");
        client.addUser(user("u-taken", "t@example.ru"));

        assertThatThrownBy(() -> client.addUser(user("u-taken", "other@example.ru")))
                .isInstanceOfSatisfying(
                        CasdoorException.Conflict.class,
                        c -> assertThat(c.emailTaken()).isFalse());
        assertThatThrownBy(() -> client.addUser(user("u-other", "t@example.ru")))
                .isInstanceOfSatisfying(
                        CasdoorException.Conflict.class,
                        c -> assertThat(c.emailTaken()).isTrue());
        assertThatThrownBy(() -> client.addUser(user("-bad--name-", "b@example.ru")))
                .isInstanceOf(CasdoorException.Rejected.class);
    }

    @Test
    void updatingAMissingUserIsRejected() {
        ObjectNode ghost = user("u-ghost", "g@example.ru");
        ghost.put("id", "ghost");

        assertThatThrownBy(() -> client("secret").updateUser("u-ghost", ghost, List.of("display_name")))
                .isInstanceOf(CasdoorException.Rejected.class)
                .hasMessageContaining("doesn't exist");
    }

    @Test
    void outagesErrorsAndSlownessAreUnavailable() {
        var client = client("secret");
        casdoor.setDown(true);
        assertThatThrownBy(client::version).isInstanceOf(CasdoorException.Unavailable.class);
        casdoor.setDown(false);

        casdoor.failNext(1);
        assertThatThrownBy(client::version).isInstanceOf(CasdoorException.Unavailable.class);

        casdoor.setDelay(Duration.ofSeconds(2));
        assertThatThrownBy(client::version).isInstanceOf(CasdoorException.Unavailable.class);
        casdoor.setDelay(Duration.ZERO);

        assertThat(client.version()).startsWith("v");
    }

    @Test
    void noCookiesAreSentBackAndEnglishMessagesAreAskedFor() {
        var client = client("secret");
        client.version();
        client.getUser("u-nobody");
        client.addUser(user("u-english", "e@example.ru"));

        assertThat(casdoor.calls())
                .extracting(FakeCasdoorCall::path)
                .containsExactly("/api/get-version-info", "/api/get-user", "/api/add-user");
        assertThat(casdoor.calls())
                .allSatisfy(call ->
                        assertThat(call.headers()).doesNotContainKey("cookie").containsEntry("accept-language", "en"));
    }
}
