package ru.myservice.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Casdoor's {@code object.User} as the Go server sees it: which JSON keys exist in which generation of Casdoor, their Go
 * types, their DB columns and sizes, and how {@code json.Unmarshal} fills the struct. Kept apart from {@link
 * FakeCasdoor} so the HTTP rules there read plainly.
 *
 * <p>Field order is the Go struct's order, because Casdoor's JSON replies follow it and a person comparing the fake's
 * output with a real reply should see the same shape.
 */
final class FakeCasdoorUserModel {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A generation of the User struct; the fake's modes each run one. */
    enum Generation {
        /** v1.551.0: no balance fields yet, access keys still on the user. */
        V1,
        /** v2.396.x: balance, balanceCredit and balanceCurrency exist. */
        V2,
        /** v3.158.0. */
        V3
    }

    enum Kind {
        STRING,
        BOOL,
        INT,
        FLOAT,
        STRING_LIST,
        STRING_MAP,
        OBJECT_LIST
    }

    /**
     * One struct field. {@code stored} is false for fields that are not DB columns ({@code xorm:"-"} or filled per
     * request), {@code maxLength} is the varchar size (0 for text and non-strings).
     */
    record Field(
            String json,
            String column,
            Kind kind,
            String goType,
            int maxLength,
            boolean stored,
            Set<Generation> generations) {

        boolean isBalance() {
            return json.equals("balance") || json.equals("balanceCredit") || json.equals("balanceCurrency");
        }
    }

    /** What Go's {@code json.Unmarshal} returns as an error; the message is Go's, byte for byte where it matters. */
    static final class GoJsonException extends Exception {

        private static final long serialVersionUID = 1L;

        GoJsonException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<Generation> ALL = EnumSet.allOf(Generation.class);
    private static final Set<Generation> SINCE_V2 = EnumSet.of(Generation.V2, Generation.V3);
    private static final Set<Generation> ONLY_V3 = EnumSet.of(Generation.V3);
    private static final Set<Generation> ONLY_V1 = EnumSet.of(Generation.V1);

    // The provider-id columns, one per built-in provider type, in struct order.
    private static final List<String> PROVIDERS = List.of(
            "github",
            "google",
            "qq",
            "wechat",
            "facebook",
            "dingtalk",
            "weibo",
            "gitee",
            "linkedin",
            "wecom",
            "lark",
            "gitlab",
            "adfs",
            "baidu",
            "alipay",
            "casdoor",
            "infoflow",
            "apple",
            "azuread",
            "azureadb2c",
            "slack",
            "steam",
            "bilibili",
            "okta",
            "douyin",
            "kwai",
            "line",
            "amazon",
            "auth0",
            "battlenet",
            "bitbucket",
            "box",
            "cloudfoundry",
            "dailymotion",
            "deezer",
            "digitalocean",
            "discord",
            "dropbox",
            "eveonline",
            "fitbit",
            "gitea",
            "heroku",
            "influxcloud",
            "instagram",
            "intercom",
            "kakao",
            "lastfm",
            "mailru",
            "meetup",
            "microsoftonline",
            "naver",
            "nextcloud",
            "onedrive",
            "oura",
            "patreon",
            "paypal",
            "salesforce",
            "shopify",
            "soundcloud",
            "spotify",
            "strava",
            "stripe",
            "telegram",
            "tiktok",
            "tumblr",
            "twitch",
            "twitter",
            "typetalk",
            "uber",
            "vk",
            "wepay",
            "xero",
            "yahoo",
            "yammer",
            "yandex",
            "zoom",
            "metamask",
            "web3onboard");

    // Keys the v1.551.0 struct did not have yet (checked against its object/user.go).
    private static final Set<String> NOT_IN_V1 = Set.of(
            "accessToken",
            "addresses",
            "applicationScopes",
            "balance",
            "balanceCredit",
            "balanceCurrency",
            "cart",
            "currency",
            "custom2",
            "custom3",
            "custom4",
            "custom5",
            "custom6",
            "custom7",
            "custom8",
            "custom9",
            "custom10",
            "faceIds",
            "ipWhitelist",
            "isVerified",
            "kwai",
            "lastChangePasswordTime",
            "mfaAccounts",
            "mfaItems",
            "mfaPushEnabled",
            "mfaPushProvider",
            "mfaPushReceiver",
            "mfaRadiusEnabled",
            "mfaRadiusProvider",
            "mfaRadiusUsername",
            "mfaRememberDeadline",
            "needUpdatePassword",
            "originalRefreshToken",
            "originalToken",
            "realName",
            "registerSource",
            "registerType",
            "telegram");

    private static final List<Field> FIELDS = buildFields();
    private static final Map<Generation, List<Field>> BY_GENERATION = new LinkedHashMap<>();

    static {
        for (Generation g : Generation.values()) {
            BY_GENERATION.put(
                    g, FIELDS.stream().filter(f -> f.generations().contains(g)).toList());
        }
    }

    // update-user without `columns`, for every caller (object.UpdateUser), per generation.
    private static final List<String> DEFAULT_COLUMNS_V3 = columns(
            "owner,display_name,avatar,first_name,last_name,location,address,addresses,country_code,region,language,"
                    + "affiliation,title,id_card_type,id_card,homepage,bio,tag,language,gender,birthday,education,"
                    + "score,karma,ranking,signup_application,register_type,register_source,hash,is_default_avatar,"
                    + "properties,webauthnCredentials,mfa_items,last_change_password_time,managedAccounts,face_ids,"
                    + "mfaAccounts,signin_wrong_times,last_signin_wrong_time,groups,mfa_phone_enabled,"
                    + "mfa_email_enabled,email_verified,"
                    + providerColumns()
                    + ",type,custom,need_update_password,ip_whitelist,mfa_remember_deadline,cart,application_scopes");
    private static final List<String> DEFAULT_COLUMNS_V2 =
            concat(DEFAULT_COLUMNS_V3, columns("is_admin,is_forbidden,is_deleted"));
    private static final List<String> DEFAULT_COLUMNS_V1 =
            columns("owner,display_name,avatar,first_name,last_name,location,address,country_code,region,language,"
                    + "affiliation,title,id_card_type,id_card,homepage,bio,tag,language,gender,birthday,education,"
                    + "score,karma,ranking,signup_application,is_admin,is_forbidden,is_deleted,hash,"
                    + "is_default_avatar,properties,webauthnCredentials,managedAccounts,signin_wrong_times,"
                    + "last_signin_wrong_time,groups,access_key,access_secret,"
                    + providerColumns()
                    + ",type,custom");

    // Added for admin and app callers: always (v1, v2) or only when `columns` is absent (v3.154.1+).
    private static final List<String> ADMIN_COLUMNS_V3 = columns(
            "name,id,email,phone,country_code,type,balance,balance_credit,balance_currency,mfa_items,register_type,"
                    + "register_source,is_admin,is_forbidden,is_deleted,uid_number");
    static final List<String> ADMIN_COLUMNS_V2 = columns(
            "name,id,email,phone,country_code,type,balance,balance_credit,balance_currency,mfa_items,register_type,"
                    + "register_source");
    static final List<String> ADMIN_COLUMNS_V1 = columns("name,email,phone,country_code,type");

    private FakeCasdoorUserModel() {}

    static List<Field> fields(Generation g) {
        return BY_GENERATION.get(g);
    }

    static Field field(Generation g, String json) {
        for (Field f : fields(g)) {
            if (f.json().equals(json)) {
                return f;
            }
        }
        return null;
    }

    static Field fieldByColumn(Generation g, String column) {
        for (Field f : fields(g)) {
            if (f.stored() && f.column().equals(column)) {
                return f;
            }
        }
        return null;
    }

    /** The columns update-user writes when the caller sends no {@code columns}, for an admin or app caller. */
    static List<String> defaultColumns(Generation g) {
        return switch (g) {
            case V1 -> concat(DEFAULT_COLUMNS_V1, ADMIN_COLUMNS_V1);
            case V2 -> concat(DEFAULT_COLUMNS_V2, ADMIN_COLUMNS_V2);
            case V3 -> concat(DEFAULT_COLUMNS_V3, ADMIN_COLUMNS_V3);
        };
    }

    /** A User with every field at its Go zero value, as {@code var user object.User} starts out. */
    static ObjectNode zeroUser(Generation g) {
        ObjectNode user = NODES.objectNode();
        for (Field f : fields(g)) {
            user.set(f.json(), zero(f));
        }
        return user;
    }

    private static JsonNode zero(Field f) {
        return switch (f.kind()) {
            case STRING -> NODES.stringNode("");
            case BOOL -> NODES.booleanNode(false);
            case INT -> NODES.numberNode(0);
            case FLOAT -> NODES.numberNode(0L);
            case STRING_LIST, STRING_MAP, OBJECT_LIST -> NODES.nullNode();
        };
    }

    /**
     * {@code json.Unmarshal(body, &target)}: keys match struct fields exactly first, then case-insensitively; unknown
     * keys are dropped; {@code null} leaves scalars alone but clears lists and maps; a map is merged into the one
     * already there, a list replaces it. The first type mismatch is reported as Go words it.
     */
    static void unmarshal(JsonNode body, ObjectNode target, Generation g) throws GoJsonException {
        if (body.isNull()) {
            return;
        }
        if (!body.isObject()) {
            throw new GoJsonException("json: cannot unmarshal " + goKind(body) + " into Go value of type object.User");
        }
        GoJsonException first = null;
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            Field f = resolve(g, entry.getKey());
            if (f == null) {
                continue;
            }
            try {
                JsonNode value = decode(f, entry.getValue(), target.get(f.json()));
                if (value != null) {
                    target.set(f.json(), value);
                }
            } catch (GoJsonException e) {
                // Go keeps decoding after a type error and reports the first one.
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static Field resolve(Generation g, String key) {
        Field exact = field(g, key);
        if (exact != null) {
            return exact;
        }
        for (Field f : fields(g)) {
            if (f.json().equalsIgnoreCase(key)) {
                return f;
            }
        }
        return null;
    }

    /** The value to store, or null to leave the current one. */
    private static JsonNode decode(Field f, JsonNode value, JsonNode current) throws GoJsonException {
        if (value.isNull()) {
            return switch (f.kind()) {
                case STRING_LIST, STRING_MAP, OBJECT_LIST -> NODES.nullNode();
                default -> null;
            };
        }
        return switch (f.kind()) {
            case STRING -> {
                if (!value.isString()) {
                    throw mismatch(goKind(value), f, "string");
                }
                yield value;
            }
            case BOOL -> {
                if (!value.isBoolean()) {
                    throw mismatch(goKind(value), f, "bool");
                }
                yield value;
            }
            case INT -> {
                if (!value.isNumber()) {
                    throw mismatch(goKind(value), f, "int");
                }
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    // Go's int parser sees the literal, so 10.0 is as wrong as 10.5.
                    throw mismatch("number " + numberLiteral(value), f, "int");
                }
                long v = value.longValue();
                yield v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            }
            case FLOAT -> {
                if (!value.isNumber()) {
                    throw mismatch(goKind(value), f, "float64");
                }
                yield goFloat(value.doubleValue());
            }
            case STRING_LIST -> {
                if (!value.isArray()) {
                    throw mismatch(goKind(value), f, "[]string");
                }
                ArrayNode out = NODES.arrayNode();
                for (JsonNode element : value) {
                    if (element.isNull()) {
                        out.add("");
                    } else if (element.isString()) {
                        out.add(element);
                    } else {
                        throw mismatch(goKind(element), f, "string");
                    }
                }
                yield out;
            }
            case STRING_MAP -> {
                if (!value.isObject()) {
                    throw mismatch(goKind(value), f, "map[string]string");
                }
                ObjectNode out =
                        current != null && current.isObject() ? (ObjectNode) current.deepCopy() : NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    JsonNode v = e.getValue();
                    if (v.isNull()) {
                        out.put(e.getKey(), "");
                    } else if (v.isString()) {
                        out.set(e.getKey(), v);
                    } else {
                        throw mismatch(goKind(v), f, "string");
                    }
                }
                yield out;
            }
            case OBJECT_LIST -> {
                if (!value.isArray()) {
                    throw mismatch(goKind(value), f, f.goType());
                }
                String elementType = f.goType().replaceFirst("^\\[]\\*?", "");
                for (JsonNode element : value) {
                    if (!element.isNull() && !element.isObject()) {
                        throw mismatch(goKind(element), f, elementType);
                    }
                }
                yield value.deepCopy();
            }
        };
    }

    private static GoJsonException mismatch(String what, Field f, String goType) {
        return new GoJsonException(
                "json: cannot unmarshal " + what + " into Go struct field User." + f.json() + " of type " + goType);
    }

    static String goKind(JsonNode node) {
        if (node.isString()) {
            return "string";
        } else if (node.isNumber()) {
            return "number";
        } else if (node.isBoolean()) {
            return "bool";
        } else if (node.isArray()) {
            return "array";
        } else if (node.isObject()) {
            return "object";
        }
        return "null";
    }

    private static String numberLiteral(JsonNode value) {
        if (value.isBigDecimal()) {
            return value.decimalValue().toString();
        }
        return value.isIntegralNumber() ? value.bigIntegerValue().toString() : String.valueOf(value.doubleValue());
    }

    /** A float64 as Go's encoder prints it: no trailing {@code .0} on whole numbers. */
    static JsonNode goFloat(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return NODES.numberNode((long) value);
        }
        return NODES.numberNode(value);
    }

    /** Casdoor's {@code util.CamelToSnakeCase}: every ASCII capital becomes {@code _x}, and spaces are dropped. */
    static String camelToSnake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (!out.isEmpty()) {
                    out.append('_');
                }
                out.append((char) (c - 'A' + 'a'));
            } else if (c != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Go's {@code !=} on the two stored values, with Go's nil and empty kept apart as the DB keeps them. */
    static boolean differs(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a != b;
        }
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asString()).compareTo(new BigDecimal(b.asString())) != 0;
        }
        return !a.equals(b);
    }

    static List<String> splitColumns(String columns) {
        List<String> out = new ArrayList<>();
        for (String c : columns.split(",", -1)) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Field> buildFields() {
        List<Field> out = new ArrayList<>();
        str(out, "owner", 100);
        str(out, "name", 255);
        str(out, "createdTime", 100);
        str(out, "updatedTime", 100);
        str(out, "deletedTime", 100);
        str(out, "id", 100);
        str(out, "externalId", 100);
        str(out, "type", 100);
        str(out, "password", 150);
        str(out, "passwordSalt", 100);
        str(out, "passwordType", 100);
        str(out, "displayName", 100);
        str(out, "firstName", 100);
        str(out, "lastName", 100);
        str(out, "avatar", 0);
        str(out, "avatarType", 100);
        str(out, "permanentAvatar", 500);
        str(out, "email", 100);
        add(out, "emailVerified", Kind.BOOL, "bool");
        str(out, "phone", 100);
        str(out, "countryCode", 6);
        str(out, "region", 100);
        str(out, "location", 100);
        add(out, "address", Kind.STRING_LIST, "[]string");
        add(out, "addresses", Kind.OBJECT_LIST, "[]*object.Address");
        str(out, "affiliation", 100);
        str(out, "title", 100);
        str(out, "idCardType", 100);
        str(out, "idCard", 100);
        str(out, "realName", 100);
        add(out, "isVerified", Kind.BOOL, "bool");
        str(out, "homepage", 100);
        str(out, "bio", 100);
        str(out, "tag", 100);
        str(out, "language", 100);
        str(out, "gender", 100);
        str(out, "birthday", 100);
        str(out, "education", 100);
        add(out, "score", Kind.INT, "int");
        add(out, "karma", Kind.INT, "int");
        add(out, "ranking", Kind.INT, "int");
        add(out, "balance", Kind.FLOAT, "float64");
        add(out, "balanceCredit", Kind.FLOAT, "float64");
        str(out, "currency", 100);
        str(out, "balanceCurrency", 100);
        add(out, "isDefaultAvatar", Kind.BOOL, "bool");
        add(out, "isOnline", Kind.BOOL, "bool");
        add(out, "isAdmin", Kind.BOOL, "bool");
        add(out, "isForbidden", Kind.BOOL, "bool");
        add(out, "isDeleted", Kind.BOOL, "bool");
        str(out, "signupApplication", 100);
        str(out, "hash", 100);
        str(out, "preHash", 100);
        str(out, "registerType", 100);
        str(out, "registerSource", 100);
        out.add(new Field("accessKey", "access_key", Kind.STRING, "string", 100, true, ONLY_V1));
        out.add(new Field("accessSecret", "access_secret", Kind.STRING, "string", 100, true, ONLY_V1));
        str(out, "accessToken", 0);
        str(out, "originalToken", 0);
        str(out, "originalRefreshToken", 0);
        str(out, "createdIp", 100);
        str(out, "lastSigninTime", 100);
        str(out, "lastSigninIp", 100);
        for (String provider : PROVIDERS) {
            str(out, provider, 100);
        }
        str(out, "custom", 100);
        for (int i = 2; i <= 10; i++) {
            str(out, "custom" + i, 0);
        }
        out.add(new Field(
                "webauthnCredentials", "webauthnCredentials", Kind.OBJECT_LIST, "[]webauthn.Credential", 0, true, ALL));
        str(out, "preferredMfaType", 100);
        add(out, "recoveryCodes", Kind.STRING_LIST, "[]string");
        str(out, "totpSecret", 100);
        add(out, "mfaPhoneEnabled", Kind.BOOL, "bool");
        add(out, "mfaEmailEnabled", Kind.BOOL, "bool");
        add(out, "mfaRadiusEnabled", Kind.BOOL, "bool");
        str(out, "mfaRadiusUsername", 100);
        str(out, "mfaRadiusProvider", 100);
        add(out, "mfaPushEnabled", Kind.BOOL, "bool");
        str(out, "mfaPushReceiver", 100);
        str(out, "mfaPushProvider", 100);
        out.add(new Field("multiFactorAuths", "-", Kind.OBJECT_LIST, "[]*object.MfaProps", 0, false, ALL));
        str(out, "invitation", 100);
        str(out, "invitationCode", 100);
        add(out, "faceIds", Kind.OBJECT_LIST, "[]*object.FaceId");
        add(out, "cart", Kind.OBJECT_LIST, "[]object.ProductInfo");
        str(out, "ldap", 100);
        out.add(new Field("uidNumber", "uid_number", Kind.INT, "int", 0, true, ONLY_V3));
        add(out, "properties", Kind.STRING_MAP, "map[string]string");
        out.add(new Field("thirdPartyLinks", "-", Kind.OBJECT_LIST, "[]*object.ThirdPartyLink", 0, false, ONLY_V3));
        // Filled from the role and permission tables on every get-user; never written through update-user.
        out.add(new Field("roles", "-", Kind.OBJECT_LIST, "[]*object.Role", 0, false, ALL));
        out.add(new Field("permissions", "-", Kind.OBJECT_LIST, "[]*object.Permission", 0, false, ALL));
        add(out, "groups", Kind.STRING_LIST, "[]string");
        str(out, "lastChangePasswordTime", 100);
        str(out, "lastSigninWrongTime", 100);
        add(out, "signinWrongTimes", Kind.INT, "int");
        out.add(new Field(
                "managedAccounts",
                "managedAccounts",
                Kind.OBJECT_LIST,
                "[]object.ManagedAccount",
                0,
                true,
                generations("managedAccounts")));
        out.add(new Field(
                "mfaAccounts",
                "mfaAccounts",
                Kind.OBJECT_LIST,
                "[]object.MfaAccount",
                0,
                true,
                generations("mfaAccounts")));
        add(out, "mfaItems", Kind.OBJECT_LIST, "[]*object.MfaItem");
        str(out, "mfaRememberDeadline", 100);
        add(out, "needUpdatePassword", Kind.BOOL, "bool");
        str(out, "ipWhitelist", 200);
        add(out, "applicationScopes", Kind.OBJECT_LIST, "[]object.ConsentRecord");
        return Collections.unmodifiableList(out);
    }

    private static void str(List<Field> out, String json, int maxLength) {
        out.add(new Field(json, camelToSnake(json), Kind.STRING, "string", maxLength, true, generations(json)));
    }

    private static void add(List<Field> out, String json, Kind kind, String goType) {
        out.add(new Field(json, camelToSnake(json), kind, goType, 0, true, generations(json)));
    }

    private static Set<Generation> generations(String json) {
        return NOT_IN_V1.contains(json) ? SINCE_V2 : ALL;
    }

    private static String providerColumns() {
        return String.join(
                ",",
                PROVIDERS.stream()
                        .filter(p -> !p.equals("metamask") && !p.equals("web3onboard"))
                        .toList());
    }

    private static List<String> columns(String csv) {
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(csv.split(","))));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
