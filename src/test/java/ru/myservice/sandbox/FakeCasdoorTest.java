package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ru.myservice.sandbox.FakeCasdoor.Mode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class FakeCasdoorTest {

    private static final String ORG = "myservice";
    private static final String APP = "Myservice";
    private static final String CLIENT_ID = "cd-client-1";
    private static final String SECRET = "cd-secret-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BAD_USERNAME = "The username may only contain alphanumeric characters, underlines or"
            + " hyphens, cannot have consecutive hyphens or underlines, and cannot begin or end with a hyphen or"
            + " underline.";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeCasdoor casdoor;
    private String authorization = basic(CLIENT_ID, SECRET);

    @BeforeEach
    void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication(ORG, APP, CLIENT_ID, SECRET);
    }

    @AfterEach
    void stop() {
        casdoor.close();
        http.close();
    }

    // ---------------------------------------------------------------- envelope, version, auth

    @Test
    void versionInfoNeedsCredentialsAndUsesTheFullEnvelope() throws Exception {
        JsonNode ok = json(get("/api/get-version-info"));
        assertThat(propertyNames(ok)).containsExactly("status", "msg", "sub", "name", "data", "data2", "data3");
        assertThat(ok.path("status").asString()).isEqualTo("ok");
        assertThat(ok.path("data").path("version").asString()).isEqualTo("v3.158.0");
        assertThat(ok.path("data").has("commitId")).isTrue();

        authorization = null;
        HttpResponse<String> anonymous = get("/api/get-version-info");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode denied = json(anonymous);
        // Filters answer with the smaller envelope.
        assertThat(propertyNames(denied)).containsExactly("status", "msg", "data", "data2");
        assertThat(denied.path("msg").asString()).isEqualTo("Unauthorized operation");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void eachModeReportsItsVersion(Mode mode) throws Exception {
        casdoor.setMode(mode);
        String expected = switch (mode) {
            case CURRENT, IMMUTABLE_BALANCE -> "v3.158.0";
            case ANONYMOUS_ON_BAD_CREDENTIALS -> "v2.396.3";
            case OLD_NO_BALANCE -> "v1.551.0";
        };
        assertThat(data(get("/api/get-version-info")).path("version").asString())
                .isEqualTo(expected);
    }

    @Test
    void onCurrentCasdoorAWrongBasicSecretRunsAsAnonymous() throws Exception {
        addUser(user("u-1"));
        casdoor.clearCalls();
        authorization = basic(CLIENT_ID, "wrong");

        assertThat(msg(get("/api/get-version-info"))).isEqualTo("Unauthorized operation");
        assertThat(msg(post("/api/add-user", user("u-2").toString()))).isEqualTo("Unauthorized operation");
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=score", "{}")))
                .isEqualTo("Unauthorized operation");
        // get-user is open to anonymous callers: a found user hides behind "Please login first", a missing one is null.
        assertThat(msg(get("/api/get-user?id=myservice/u-1"))).isEqualTo("Please login first");
        JsonNode missing = json(get("/api/get-user?id=myservice/nobody"));
        assertThat(missing.path("status").asString()).isEqualTo("ok");
        assertThat(missing.path("data").isNull()).isTrue();
        assertThat(casdoor.calls()).allMatch(c -> !c.authorized());
        assertThat(casdoor.users(ORG)).hasSize(1);
    }

    @Test
    void anUnknownBasicClientIsAnonymousToo() throws Exception {
        authorization = basic("nope", "x");
        assertThat(msg(get("/api/get-version-info"))).isEqualTo("Unauthorized operation");
    }

    @Test
    void wrongQueryParameterCredentialsAreAnErrorOnEveryVersion() throws Exception {
        authorization = null;
        assertThat(msg(get("/api/get-version-info?clientId=" + CLIENT_ID + "&clientSecret=bad")))
                .isEqualTo("Incorrect client secret for application: Myservice");
        assertThat(msg(get("/api/get-version-info?clientId=nope&clientSecret=bad")))
                .isEqualTo("Application not found for client ID: nope");
        JsonNode ok = json(get("/api/get-version-info?clientId=" + CLIENT_ID + "&clientSecret=" + SECRET));
        assertThat(ok.path("status").asString()).isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(
            value = Mode.class,
            names = {"ANONYMOUS_ON_BAD_CREDENTIALS", "OLD_NO_BALANCE"})
    void olderCasdoorRejectsWrongBasicCredentialsWithTheirOwnMessages(Mode mode) throws Exception {
        casdoor.setMode(mode);
        addUser(user("u-1"));

        authorization = basic(CLIENT_ID, "wrong");
        HttpResponse<String> wrongSecret = get("/api/get-user?id=myservice/u-1");
        assertThat(wrongSecret.statusCode()).isEqualTo(200);
        assertThat(propertyNames(json(wrongSecret))).containsExactly("status", "msg", "data", "data2");
        assertThat(msg(wrongSecret)).isEqualTo("Incorrect client secret for application: Myservice");

        authorization = basic("nope", "x");
        assertThat(msg(get("/api/get-version-info"))).isEqualTo("Application not found for client ID: nope");
        assertThat(msg(post("/api/add-user", user("u-2").toString())))
                .isEqualTo("Application not found for client ID: nope");
    }

    @Test
    void aSessionCookieFromAGoodLoginKeepsWorkingWithAWrongSecret() throws Exception {
        HttpResponse<String> first = get("/api/get-version-info");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("casdoor_session_id=");

        authorization = basic(CLIENT_ID, "rotated-away");
        HttpRequest withCookie = request("/api/get-version-info")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .GET()
                .build();
        HttpResponse<String> reply = http.send(withCookie, HttpResponse.BodyHandlers.ofString());
        assertThat(json(reply).path("status").asString()).isEqualTo("ok");
        assertThat(casdoor.calls().getLast().authorized()).isTrue();
    }

    @Test
    void anUnknownAccessTokenIsRefusedByTheFilter() throws Exception {
        authorization = "Bearer abc";
        assertThat(msg(get("/api/get-user?id=myservice/u-1"))).isEqualTo("Access token doesn't exist in database");
    }

    // ---------------------------------------------------------------- get-user

    @ParameterizedTest
    @EnumSource(Mode.class)
    void addedUserIsFoundByIdByUserIdAndByEmail(Mode mode) throws Exception {
        casdoor.setMode(mode);
        String uuid = UUID.randomUUID().toString();
        ObjectNode body = user("u-" + uuid);
        body.put("id", uuid);
        body.put("email", "ivan+test@example.com");
        body.put("password", "s3cret");
        assertThat(data(post("/api/add-user", body.toString())).asString()).isEqualTo("Affected");

        JsonNode byId = data(get("/api/get-user?id=" + enc(ORG + "/u-" + uuid)));
        assertThat(byId.path("name").asString()).isEqualTo("u-" + uuid);
        assertThat(byId.path("id").asString()).isEqualTo(uuid);
        assertThat(byId.path("password").asString()).isEqualTo("***");
        assertThat(byId.path("displayName").asString()).isEqualTo("Ivan Petrov");
        assertThat(byId.path("vk").asString()).isEqualTo("12345678");
        assertThat(byId.path("properties").path("oauth_VK_id").asString()).isEqualTo("12345678");
        assertThat(byId.path("roles").isArray()).isTrue();
        assertThat(byId.path("permissions").isArray()).isTrue();
        assertThat(byId.path("createdTime").asString()).isNotEmpty();
        assertThat(byId.has("telegram")).isEqualTo(mode != Mode.OLD_NO_BALANCE);
        assertThat(byId.size()).isGreaterThan(100);

        JsonNode byUserId = data(get("/api/get-user?owner=myservice&userId=" + uuid));
        assertThat(byUserId.path("name").asString()).isEqualTo("u-" + uuid);
        JsonNode byEmail = data(get("/api/get-user?owner=myservice&email=" + enc("ivan+test@example.com")));
        assertThat(byEmail.path("name").asString()).isEqualTo("u-" + uuid);
        // A bare '+' is a space to Go, so the unencoded address finds nobody.
        assertThat(data(get("/api/get-user?owner=myservice&email=ivan+test@example.com"))
                        .isNull())
                .isTrue();
        assertThat(data(get("/api/get-user?owner=myservice&userId=" + UUID.randomUUID()))
                        .isNull())
                .isTrue();

        ObjectNode stored = casdoor.user(ORG, "u-" + uuid).orElseThrow();
        assertThat(stored.path("password").asString()).isNotEqualTo("***").isNotEqualTo("s3cret");
    }

    @Test
    void aMalformedIdIsRejectedByTheFilter() throws Exception {
        HttpResponse<String> reply = get("/api/get-user?id=foo");
        assertThat(propertyNames(json(reply))).containsExactly("status", "msg", "data", "data2");
        assertThat(msg(reply)).isEqualTo("GetOwnerAndNameFromId() error, wrong token count for ID: foo");
    }

    // ---------------------------------------------------------------- add-user

    @Test
    void addUserFillsCasdoorDefaults() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("owner", ORG);
        body.put("name", "plain-user");
        body.put("displayName", "Plain");
        addUser(body);

        ObjectNode stored = casdoor.user(ORG, "plain-user").orElseThrow();
        assertThat(stored.path("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(stored.path("balanceCurrency").asString()).isEqualTo("USD");
        assertThat(stored.path("balance").asDouble()).isZero();
        assertThat(stored.path("registerType").asString()).isEqualTo("Add User");
        assertThat(stored.path("registerSource").asString()).isEmpty();
        assertThat(stored.path("avatar").asString()).startsWith("https://");
        assertThat(stored.path("password").asString()).isEmpty();
        assertThat(stored.path("updatedTime").asString())
                .isEqualTo(stored.path("createdTime").asString());
        assertThat(data(get("/api/get-user?id=myservice/plain-user"))
                        .path("password")
                        .asString())
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void addUserRefusesWhatCasdoorRefuses(Mode mode) throws Exception {
        casdoor.setMode(mode);
        addUser(user("u-taken"));

        assertThat(msg(post("/api/add-user", user("u-taken").toString()))).isEqualTo("Username already exists");
        ObjectNode sameEmail = user("u-other");
        sameEmail.put("email", "ivan@example.com");
        assertThat(msg(post("/api/add-user", sameEmail.toString()))).isEqualTo("Email already exists");
        for (String bad : List.of("-lead", "trail_", "dou--ble", "кириллица", "a b")) {
            assertThat(msg(post("/api/add-user", user(bad).toString()))).as(bad).isEqualTo(BAD_USERNAME);
        }
        assertThat(msg(post("/api/add-user", user("").toString())))
                .isEqualTo("the user's owner and name should not be empty");
        ObjectNode elsewhere = user("u-x");
        elsewhere.put("owner", "nowhere");
        assertThat(msg(post("/api/add-user", elsewhere.toString())))
                .isEqualTo("The organization: nowhere does not exist");
        ObjectNode floatScore = user("u-y");
        floatScore.put("score", 10.5);
        assertThat(msg(post("/api/add-user", floatScore.toString())))
                .isEqualTo("json: cannot unmarshal number 10.5 into Go struct field User.score of type int");
        assertThat(msg(post("/api/add-user", "{\"owner\":\"myservice\",\"name\":\"u-z\",\"score\":10.0}")))
                .isEqualTo("json: cannot unmarshal number 10.0 into Go struct field User.score of type int");
        ObjectNode numberProperty = user("u-w");
        numberProperty.putObject("properties").put("oauth_VK_id", 12345678);
        assertThat(msg(post("/api/add-user", numberProperty.toString())))
                .isEqualTo("json: cannot unmarshal number into Go struct field User.properties of type string");
        assertThat(msg(post("/api/add-user", "{\"owner\":"))).isEqualTo("unexpected end of JSON input");

        HttpResponse<String> slash = post("/api/add-user", user("a/b").toString());
        if (mode == Mode.OLD_NO_BALANCE) {
            assertThat(msg(slash)).isEqualTo(BAD_USERNAME);
        } else {
            assertThat(propertyNames(json(slash))).containsExactly("status", "msg", "data", "data2");
            assertThat(msg(slash)).isEqualTo("Field 'name' contains forbidden characters: \"/?:#&%=+;\"");
        }
        assertThat(casdoor.users(ORG)).hasSize(1);
    }

    @Test
    void balanceMustBeANumber() throws Exception {
        ObjectNode body = user("u-1");
        body.put("balance", "150.5");
        assertThat(msg(post("/api/add-user", body.toString())))
                .isEqualTo("json: cannot unmarshal string into Go struct field User.balance of type float64");
    }

    @Test
    void anOldCasdoorDropsTheBalanceKeys() throws Exception {
        casdoor.setMode(Mode.OLD_NO_BALANCE);
        ObjectNode body = user("u-1");
        body.put("balance", "not even checked");
        addUser(body);

        JsonNode got = data(get("/api/get-user?id=myservice/u-1"));
        assertThat(got.has("balance")).isFalse();
        assertThat(got.has("balanceCurrency")).isFalse();
        assertThat(casdoor.user(ORG, "u-1").orElseThrow().has("balance")).isFalse();
    }

    // ---------------------------------------------------------------- update-user

    @Test
    void columnsWriteOnlyTheListedFieldsOverTheStoredUser() throws Exception {
        ObjectNode body = user("u-1");
        body.put("createdTime", "2026-01-01T00:00:00Z");
        addUser(body);
        ObjectNode got = (ObjectNode) data(get("/api/get-user?id=myservice/u-1"));
        assertThat(got.path("updatedTime").asString()).isEqualTo("2026-01-01T00:00:00Z");

        got.put("balance", 99.9);
        got.put("balanceCurrency", "RUB");
        got.put("displayName", "Not listed");
        got.put("vk", "999");
        JsonNode reply =
                json(post("/api/update-user?id=myservice/u-1&columns=balance,balance_currency", got.toString()));
        assertThat(reply.path("data").asString()).isEqualTo("Affected");

        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("balance").asDouble()).isEqualTo(99.9);
        assertThat(stored.path("balanceCurrency").asString()).isEqualTo("RUB");
        assertThat(stored.path("displayName").asString()).isEqualTo("Ivan Petrov");
        assertThat(stored.path("vk").asString()).isEqualTo("12345678");
        assertThat(stored.path("updatedTime").asString()).isNotEqualTo("2026-01-01T00:00:00Z");
        assertThat(stored.path("password").asString()).isEmpty();

        // The same write again changes nothing.
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=balance,balance_currency", got.toString()))
                        .asString())
                .isEqualTo("Unaffected");
    }

    @Test
    void currentCasdoorMergesAPartialBodyAndAcceptsCamelCaseColumns() throws Exception {
        addUser(user("u-1"));
        String partial = "{\"balanceCurrency\":\"EUR\",\"score\":7}";
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=balanceCurrency,score", partial))
                        .asString())
                .isEqualTo("Affected");
        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("balanceCurrency").asString()).isEqualTo("EUR");
        assertThat(stored.path("score").asInt()).isEqualTo(7);
        assertThat(stored.path("email").asString()).isEqualTo("ivan@example.com");
        assertThat(stored.path("id").asString()).isNotEmpty();
    }

    @Test
    void propertiesAreMergedAndCannotLoseAKeyThroughColumns() throws Exception {
        addUser(user("u-1"));
        String body = "{\"properties\":{\"oauth_Google_id\":\"g-1\"}}";
        post("/api/update-user?id=myservice/u-1&columns=properties", body);
        JsonNode properties = casdoor.user(ORG, "u-1").orElseThrow().path("properties");
        assertThat(properties.path("oauth_VK_id").asString()).isEqualTo("12345678");
        assertThat(properties.path("oauth_Google_id").asString()).isEqualTo("g-1");
    }

    @Test
    void withoutColumnsMissingFieldsBecomeZeroValues() throws Exception {
        addUser(user("u-1"));
        ObjectNode got = (ObjectNode) data(get("/api/get-user?id=myservice/u-1"));
        got.remove("vk");
        got.remove("balance");
        assertThat(data(post("/api/update-user?id=myservice/u-1", got.toString()))
                        .asString())
                .isEqualTo("Affected");
        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("vk").asString()).isEmpty();
        assertThat(stored.path("balance").asDouble()).isZero();
        // The masked password sent back is replaced by the stored one, and password is no default column anyway.
        assertThat(stored.path("email").asString()).isEqualTo("ivan@example.com");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void updateUserRefusesWhatCasdoorRefuses(Mode mode) throws Exception {
        casdoor.setMode(mode);
        addUser(user("u-1"));
        ObjectNode other = user("u-2");
        other.put("email", "other@example.com");
        addUser(other);
        ObjectNode got = (ObjectNode) data(get("/api/get-user?id=myservice/u-1"));

        assertThat(msg(post("/api/update-user?id=myservice/u-404&columns=score", got.toString())))
                .isEqualTo("The user: myservice/u-404 doesn't exist");

        ObjectNode withoutId = got.deepCopy();
        withoutId.remove("id");
        String idLost = msg(post("/api/update-user?id=myservice/u-1", withoutId.toString()));
        assertThat(idLost).isEqualTo("The ID is immutable.");

        ObjectNode emptyId = got.deepCopy();
        emptyId.put("id", "");
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=score", emptyId.toString())))
                .isEqualTo("The ID is immutable.");

        ObjectNode noName = got.deepCopy();
        noName.put("displayName", "");
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=display_name", noName.toString())))
                .isEqualTo("Display name cannot be empty");
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=display_name&allowEmpty=1", noName.toString()))
                        .asString())
                .isEqualTo("Affected");

        ObjectNode takenEmail = got.deepCopy();
        takenEmail.put("displayName", "Ivan");
        takenEmail.put("email", "other@example.com");
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=email", takenEmail.toString())))
                .isEqualTo("Email already exists");

        ObjectNode floatScore = got.deepCopy();
        floatScore.put("score", 99.5);
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=score", floatScore.toString())))
                .isEqualTo("json: cannot unmarshal number 99.5 into Go struct field User.score of type int");

        ObjectNode score = got.deepCopy();
        score.put("displayName", "Ivan");
        score.put("score", 99);
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=display_name,score", score.toString()))
                        .asString())
                .isEqualTo("Affected");
        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("score").asInt()).isEqualTo(99);
        assertThat(stored.path("email").asString()).isEqualTo("ivan@example.com");
    }

    @Test
    void immutableBalanceRefusesAChangedBalanceButTakesTheScore() throws Exception {
        casdoor.setMode(Mode.IMMUTABLE_BALANCE);
        ObjectNode body = user("u-1");
        body.put("balance", 10);
        addUser(body);
        ObjectNode got = (ObjectNode) data(get("/api/get-user?id=myservice/u-1"));
        assertThat(got.has("balance")).isTrue();

        ObjectNode balance = got.deepCopy();
        balance.put("balance", 150.99);
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=balance,balance_currency", balance.toString())))
                .isEqualTo("The Balance is immutable.");
        // The check looks at the whole merged user, not only the listed columns.
        balance.put("score", 150);
        assertThat(msg(post("/api/update-user?id=myservice/u-1&columns=score", balance.toString())))
                .isEqualTo("The Balance is immutable.");

        ObjectNode unchangedBalance = got.deepCopy();
        unchangedBalance.put("score", 150);
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=balance,score", unchangedBalance.toString()))
                        .asString())
                .isEqualTo("Affected");
        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("score").asInt()).isEqualTo(150);
        assertThat(stored.path("balance").asDouble()).isEqualTo(10.0);
    }

    @Test
    void anOldCasdoorTakesTheBodyAsItIsAndAlwaysWritesTheAdminColumns() throws Exception {
        casdoor.setMode(Mode.OLD_NO_BALANCE);
        addUser(user("u-1"));
        ObjectNode got = (ObjectNode) data(get("/api/get-user?id=myservice/u-1"));

        ObjectNode full = got.deepCopy();
        full.put("score", 42);
        full.put("balance", 42.1);
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=score,balance", full.toString()))
                        .asString())
                .isEqualTo("Affected");
        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("score").asInt()).isEqualTo(42);
        assertThat(stored.has("balance")).isFalse();

        // camelCase column names matched no column before v3.50.0.
        ObjectNode camel = got.deepCopy();
        camel.put("signupApplication", "Other");
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=signupApplication", camel.toString()))
                        .asString())
                .isEqualTo("Unaffected");

        // A partial body blanks the admin columns that are appended to any list.
        String partial = "{\"owner\":\"myservice\",\"name\":\"u-1\",\"id\":\""
                + got.path("id").asString() + "\",\"displayName\":\"Ivan Petrov\",\"score\":43}";
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=score", partial))
                        .asString())
                .isEqualTo("Affected");
        stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("score").asInt()).isEqualTo(43);
        assertThat(stored.path("email").asString()).isEmpty();
        assertThat(stored.path("type").asString()).isEmpty();
        assertThat(stored.path("vk").asString()).isEqualTo("12345678");

        // There is no update by userId yet: the id falls back to the caller, which is no user.
        assertThat(msg(post(
                        "/api/update-user?owner=myservice&userId="
                                + got.path("id").asString() + "&columns=score",
                        got.toString())))
                .isEqualTo("The user: app/Myservice doesn't exist");
    }

    @Test
    void v2396AppendsTheAdminColumnsToo() throws Exception {
        casdoor.setMode(Mode.ANONYMOUS_ON_BAD_CREDENTIALS);
        addUser(user("u-1"));
        String id = casdoor.user(ORG, "u-1").orElseThrow().path("id").asString();
        String partial = "{\"owner\":\"myservice\",\"name\":\"u-1\",\"id\":\"" + id
                + "\",\"displayName\":\"Ivan Petrov\",\"balance\":5}";
        assertThat(data(post("/api/update-user?id=myservice/u-1&columns=balance", partial))
                        .asString())
                .isEqualTo("Affected");
        ObjectNode stored = casdoor.user(ORG, "u-1").orElseThrow();
        assertThat(stored.path("balance").asDouble()).isEqualTo(5.0);
        assertThat(stored.path("balanceCurrency").asString()).isEmpty();
        assertThat(stored.path("email").asString()).isEmpty();
        assertThat(stored.path("registerType").asString()).isEmpty();
    }

    @Test
    void updateByOwnerAndUserId() throws Exception {
        addUser(user("u-1"));
        String id = casdoor.user(ORG, "u-1").orElseThrow().path("id").asString();
        assertThat(data(post("/api/update-user?owner=myservice&userId=" + id + "&columns=score", "{\"score\":3}"))
                        .asString())
                .isEqualTo("Affected");
        assertThat(casdoor.user(ORG, "u-1").orElseThrow().path("score").asInt()).isEqualTo(3);
        assertThat(msg(post("/api/update-user?owner=myservice&userId=missing&columns=score", "{}")))
                .isEqualTo("The user: missing doesn't exist");
    }

    @Test
    void aMalformedContentTypeIsABadRequestOnCurrentCasdoor() throws Exception {
        HttpRequest bad = request("/api/add-user")
                .header("Content-Type", "application/json; charset")
                .POST(HttpRequest.BodyPublishers.ofString(user("u-1").toString()))
                .build();
        HttpResponse<String> reply = http.send(bad, HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo("{\"status\":\"error\",\"msg\":\"invalid Content-Type header\"}");

        HttpRequest plain = request("/api/add-user")
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(user("u-1").toString()))
                .build();
        assertThat(json(http.send(plain, HttpResponse.BodyHandlers.ofString()))
                        .path("data")
                        .asString())
                .isEqualTo("Affected");
    }

    // ---------------------------------------------------------------- delete and list

    @Test
    void deleteIsIdempotent() throws Exception {
        addUser(user("u-1"));
        String body = "{\"owner\":\"myservice\",\"name\":\"u-1\"}";
        assertThat(data(post("/api/delete-user", body)).asString()).isEqualTo("Affected");
        assertThat(data(post("/api/delete-user", body)).asString()).isEqualTo("Unaffected");
        assertThat(casdoor.user(ORG, "u-1")).isEmpty();
    }

    @Test
    void getUsersListsAllOrAPageWithTheTotal() throws Exception {
        for (int i = 1; i <= 5; i++) {
            ObjectNode body = user("u-" + i);
            body.put("email", "u" + i + "@example.com");
            body.put("vk", i == 3 ? "91234" : i == 2 ? "12300" : "12" + i);
            addUser(body);
        }
        JsonNode all = json(get("/api/get-users?owner=myservice"));
        assertThat(all.path("data").size()).isEqualTo(5);
        assertThat(all.path("data2").isNull()).isTrue();
        assertThat(all.path("data").get(0).path("password").asString()).isEmpty();

        JsonNode page = json(get("/api/get-users?owner=myservice&p=2&pageSize=2"));
        assertThat(page.path("data").size()).isEqualTo(2);
        assertThat(page.path("data2").asInt()).isEqualTo(5);

        // field/value is SQL LIKE '%value%'.
        JsonNode like = json(get("/api/get-users?owner=myservice&p=1&pageSize=10&field=vk&value=123"));
        List<String> names = new ArrayList<>();
        like.path("data").forEach(u -> names.add(u.path("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("u-2", "u-3");
        assertThat(data(get("/api/get-user-count?owner=myservice&isOnline=")).asInt())
                .isEqualTo(5);
    }

    // ---------------------------------------------------------------- infrastructure failures

    @Test
    void anOutageAnswers502HtmlAndChangesNothing() throws Exception {
        casdoor.setDown(true);
        HttpResponse<String> reply = post("/api/add-user", user("u-1").toString());
        assertThat(reply.statusCode()).isEqualTo(502);
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(reply.body()).contains("502 Bad Gateway");
        assertThat(casdoor.users(ORG)).isEmpty();
        assertThat(casdoor.calls().getLast().replyStatus()).isEqualTo("http-502");

        casdoor.setDown(false);
        addUser(user("u-1"));
        assertThat(casdoor.users(ORG)).hasSize(1);
    }

    @Test
    void failNextAnswers500HtmlThatManyTimes() throws Exception {
        casdoor.failNext(2);
        assertThat(get("/api/get-version-info").statusCode()).isEqualTo(500);
        HttpResponse<String> second = post("/api/add-user", user("u-1").toString());
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(second.body()).contains("<html>");
        assertThat(casdoor.users(ORG)).isEmpty();
        assertThat(get("/api/get-version-info").statusCode()).isEqualTo(200);
        assertThat(casdoor.calls())
                .extracting(FakeCasdoorCall::replyStatus)
                .containsExactly("http-500", "http-500", "ok");
    }

    @Test
    void aDroppedAddUserReplyStillCreatesTheUser() throws Exception {
        casdoor.dropReplyOfNextAddUser();
        assertThatThrownBy(() -> post("/api/add-user", user("u-1").toString())).isInstanceOf(IOException.class);
        assertThat(casdoor.user(ORG, "u-1")).isPresent();
        FakeCasdoorCall dropped = casdoor.calls().getLast();
        assertThat(dropped.replyStatus()).isEqualTo("dropped");
        assertThat(dropped.authorized()).isTrue();
        assertThat(dropped.body()).contains("\"u-1\"");

        // The retry meets the user the lost reply created.
        assertThat(msg(post("/api/add-user", user("u-1").toString()))).isEqualTo("Username already exists");
        assertThat(casdoor.calls().getLast().replyStatus()).isEqualTo("error");
    }

    @Test
    void theDelayIsSpentBeforeEveryCall() throws Exception {
        casdoor.setDelay(Duration.ofMillis(300));
        long started = System.nanoTime();
        get("/api/get-version-info");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        HttpRequest impatient = request("/api/get-version-info")
                .timeout(Duration.ofMillis(100))
                .GET()
                .build();
        assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void callsRecordWhatWasSent() throws Exception {
        post("/api/update-user?id=" + enc("myservice/u-1") + "&columns=score", "{\"score\":1}");
        FakeCasdoorCall call = casdoor.calls().getLast();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/api/update-user");
        assertThat(call.query()).containsEntry("id", "myservice/u-1").containsEntry("columns", "score");
        assertThat(call.body()).isEqualTo("{\"score\":1}");
        assertThat(call.headers()).containsEntry("accept-language", "en");
        assertThat(call.replyStatus()).isEqualTo("error");
        assertThat(call.replyMsg()).isEqualTo("The user: myservice/u-1 doesn't exist");
        casdoor.clearCalls();
        assertThat(casdoor.calls()).isEmpty();
    }

    // ---------------------------------------------------------------- the sandbox page

    @Test
    void theRootPageListsUsersWithEscapedHtml() throws Exception {
        ObjectNode body = user("u-1");
        body.put("displayName", "<script>alert(1)</script>");
        body.put("balance", 150.5);
        body.put("balanceCurrency", "RUB");
        body.put("google", "g-42");
        addUser(body);
        casdoor.clearCalls();
        casdoor.setDown(true);

        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(casdoor.baseUri().resolve("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body())
                .contains("<title>Casdoor — песочница</title>")
                .contains("u-1")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>")
                .contains("ivan@example.com")
                .contains("12345678")
                .contains("g-42")
                .contains("150.5 RUB")
                .contains("Myservice")
                .contains("недоступен");
        assertThat(casdoor.calls()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode user(String name) {
        ObjectNode u = JSON.createObjectNode();
        u.put("owner", ORG);
        u.put("name", name);
        u.put("type", "normal-user");
        u.put("displayName", "Ivan Petrov");
        u.put("email", name.isEmpty() ? "" : "ivan@example.com");
        u.put("emailVerified", true);
        u.put("signupApplication", APP);
        u.put("vk", "12345678");
        u.putObject("properties").put("oauth_VK_id", "12345678");
        u.put("score", 0);
        u.put("isAdmin", false);
        return u;
    }

    private void addUser(ObjectNode body) throws Exception {
        JsonNode reply = json(post("/api/add-user", body.toString()));
        assertThat(reply.path("status").asString()).as(reply.toString()).isEqualTo("ok");
        assertThat(reply.path("data").asString()).isEqualTo("Affected");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(casdoor.baseUri() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Accept-Language", "en");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return http.send(
                request(pathAndQuery)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> reply) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return JSON.readTree(reply.body());
    }

    private static JsonNode data(HttpResponse<String> reply) {
        JsonNode env = json(reply);
        assertThat(env.path("status").asString()).as(env.toString()).isEqualTo("ok");
        return env.get("data");
    }

    private static String msg(HttpResponse<String> reply) {
        JsonNode env = json(reply);
        assertThat(env.path("status").asString()).as(env.toString()).isEqualTo("error");
        return env.path("msg").asString();
    }

    private static List<String> propertyNames(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, UTF_8);
    }
}
