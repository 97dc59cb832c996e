package ru.myservice.casdoor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings one Casdoor user up to date with one of our accounts (contract §9.8). It reads the account
 * and balance when it runs, so however many changes queued the job, one run mirrors the latest.
 *
 * <p>E-mail policy: Casdoor allows an address once per organization, while two of our accounts may
 * share one (a VK and a Yandex sign-in with the same unverified address are separate accounts). The
 * first account to reach Casdoor keeps the address there; the other is mirrored without an e-mail
 * (it still has it with us) and a log line says so.
 *
 * <p>Balance policy: {@code balance} + {@code balanceCurrency = RUB} where this Casdoor has and
 * accepts them; otherwise {@code score}, an integer, holding whole roubles rounded down, so the admin
 * console never shows more money than the person has.
 */
class CasdoorUserSync {

    private static final Logger log = LoggerFactory.getLogger(CasdoorUserSync.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BigDecimal TOLERANCE = new BigDecimal("0.005");
    private static final List<String> BALANCE_COLUMNS = List.of("balance", "balance_currency");

    /** What happened, for metrics and tests. */
    enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED,
        ACCOUNT_GONE,
        DELETED
    }

    private final CasdoorClient casdoor;
    private final CasdoorProperties settings;
    private final AccountService accounts;
    private final WalletService wallets;

    CasdoorUserSync(CasdoorClient casdoor, CasdoorProperties settings, AccountService accounts, WalletService wallets) {
        this.casdoor = casdoor;
        this.settings = settings;
        this.accounts = accounts;
        this.wallets = wallets;
    }

    static String userName(UUID accountId) {
        return "u-" + accountId.toString().toLowerCase();
    }

    /** Profile, identities and balance. */
    Outcome syncUser(UUID accountId) {
        Optional<Account> found = accounts.find(accountId);
        if (found.isEmpty()) {
            return Outcome.ACCOUNT_GONE;
        }
        Account account = found.get();
        String name = userName(accountId);
        if (account.deleted()) {
            // The person deleted their account: Casdoor keeps nothing of them either.
            casdoor.deleteUser(name);
            return Outcome.DELETED;
        }
        Money balance = wallets.balance(accountId);
        Optional<ObjectNode> existing = casdoor.getUser(name);
        if (existing.isEmpty()) {
            if (add(account, balance)) {
                wallets.linkCasdoor(accountId, settings.userId(name));
                return Outcome.CREATED;
            }
            // "Username already exists": our earlier add went through but its reply was lost.
            existing = casdoor.getUser(name);
            if (existing.isEmpty()) {
                throw new CasdoorException.Unavailable("Casdoor says " + name + " exists but does not return it");
            }
        }
        Outcome outcome = update(existing.get(), account, balance, true);
        wallets.linkCasdoor(accountId, settings.userId(name));
        return outcome;
    }

    /** Only the balance; creates the user if Casdoor does not have it yet. */
    Outcome syncBalance(UUID accountId) {
        String name = userName(accountId);
        Optional<ObjectNode> existing = casdoor.getUser(name);
        if (existing.isEmpty()) {
            return syncUser(accountId);
        }
        Optional<Account> account = accounts.find(accountId);
        if (account.isEmpty()) {
            return Outcome.ACCOUNT_GONE;
        }
        if (account.get().deleted()) {
            return syncUser(accountId);
        }
        return update(existing.get(), account.get(), wallets.balance(accountId), false);
    }

    /** Returns false when the name is taken (a lost earlier reply), true when the user was created. */
    private boolean add(Account account, Money balance) {
        ObjectNode user = JSON.createObjectNode();
        user.put("owner", settings.organization());
        user.put("name", userName(account.id()));
        user.put("id", account.id().toString());
        user.put("type", "normal-user");
        user.put("signupApplication", settings.application());
        user.put("registerType", "Application Signup");
        user.put("registerSource", settings.organization() + "/" + settings.application());
        user.put("isAdmin", false);
        user.put("isForbidden", false);
        user.put("isDeleted", false);
        applyProfile(user, account);
        user.put("balance", balance.amount());
        user.put("balanceCurrency", Money.CURRENCY);
        user.put("score", score(balance));
        try {
            casdoor.addUser(user);
            return true;
        } catch (CasdoorException.Conflict conflict) {
            if (!conflict.emailTaken()) {
                return false;
            }
            log.warn(
                    "Casdoor already has another user with the e-mail of account {}; mirroring it without e-mail",
                    account.id());
            user.put("email", "");
            user.put("emailVerified", false);
            try {
                casdoor.addUser(user);
                return true;
            } catch (CasdoorException.Conflict again) {
                return false;
            }
        }
    }

    private Outcome update(ObjectNode current, Account account, Money balance, boolean profile) {
        ObjectNode desired = current.deepCopy();
        Set<String> columns = new LinkedHashSet<>();
        if (profile) {
            applyProfile(desired, account);
            if (desired.path("signupApplication").asString("").isEmpty()) {
                desired.put("signupApplication", settings.application());
            }
            columns.addAll(changedColumns(current, desired));
        }
        boolean balanceField = current.has("balance");
        if (balanceField && differs(current.path("balance"), balance)) {
            desired.put("balance", balance.amount());
            desired.put("balanceCurrency", Money.CURRENCY);
            columns.addAll(BALANCE_COLUMNS);
        } else if (balanceField
                && !Money.CURRENCY.equals(current.path("balanceCurrency").asString(Money.CURRENCY))) {
            desired.put("balanceCurrency", Money.CURRENCY);
            columns.add("balance_currency");
        } else if (!balanceField && current.path("score").asLong(0) != score(balance)) {
            desired.put("score", score(balance));
            columns.add("score");
        }
        if (columns.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        write(userName(account.id()), current, desired, new ArrayList<>(columns), balance);
        return Outcome.UPDATED;
    }

    private void write(String name, ObjectNode current, ObjectNode desired, List<String> columns, Money balance) {
        try {
            casdoor.updateUser(name, desired, columns);
        } catch (CasdoorException.Rejected rejected) {
            if (!columns.contains("balance") || !balanceRefusal(rejected.getMessage())) {
                throw rejected;
            }
            log.info("Casdoor refuses to write balance ({}); writing score instead", rejected.getMessage());
            columns.removeAll(BALANCE_COLUMNS);
            desired.set("balance", current.path("balance"));
            desired.set("balanceCurrency", current.path("balanceCurrency"));
            if (current.path("score").asLong(0) != score(balance)) {
                desired.put("score", score(balance));
                columns.add("score");
            }
            if (!columns.isEmpty()) {
                casdoor.updateUser(name, desired, columns);
            }
        } catch (CasdoorException.Conflict conflict) {
            if (!conflict.emailTaken() || !columns.contains("email")) {
                throw conflict;
            }
            log.warn("Casdoor already has another user with the e-mail of {}; keeping its current e-mail", name);
            desired.set("email", current.path("email"));
            desired.set("emailVerified", current.path("emailVerified"));
            columns.remove("email");
            columns.remove("email_verified");
            if (!columns.isEmpty()) {
                write(name, current, desired, columns, balance);
            }
        }
    }

    private static boolean balanceRefusal(String message) {
        String m = message.toLowerCase();
        return m.contains("immutable") || m.contains("only admin") || m.contains("regex");
    }

    private void applyProfile(ObjectNode user, Account account) {
        user.put("displayName", account.displayName());
        user.put("avatar", account.avatarUrl() == null ? "" : account.avatarUrl());
        user.put("email", account.email() == null ? "" : account.email());
        user.put("emailVerified", account.emailVerified());
        ObjectNode properties =
                user.path("properties") instanceof ObjectNode existing ? existing : user.putObject("properties");
        for (Provider provider : MIRRORED_PROVIDERS) {
            String field = provider.id();
            String subject = account.identities().stream()
                    .filter(i -> i.provider() == provider)
                    .map(Account.Identity::subject)
                    .findFirst()
                    .orElse("");
            user.put(field, subject);
            String key = "oauth_" + casdoorType(provider) + "_id";
            if (subject.isEmpty()) {
                properties.remove(key);
            } else {
                properties.put(key, subject);
            }
        }
    }

    /** The providers Casdoor has a user field of its own for; an e-mail code is just the e-mail. */
    private static final List<Provider> MIRRORED_PROVIDERS =
            List.of(Provider.VK, Provider.GOOGLE, Provider.YANDEX, Provider.TELEGRAM);

    /** Casdoor's own provider type names, used in its {@code oauth_<Type>_id} properties (contract §4.2). */
    private static String casdoorType(Provider provider) {
        return switch (provider) {
            case VK -> "VK";
            case GOOGLE -> "Google";
            case YANDEX -> "Yandex";
            case TELEGRAM -> "Telegram";
            case EMAIL -> throw new IllegalArgumentException("Casdoor has no provider field for e-mail codes");
        };
    }

    private static List<String> changedColumns(ObjectNode before, ObjectNode after) {
        List<String> columns = new ArrayList<>();
        String[][] fields = {
            {"displayName", "display_name"},
            {"avatar", "avatar"},
            {"email", "email"},
            {"emailVerified", "email_verified"},
            {"vk", "vk"},
            {"google", "google"},
            {"yandex", "yandex"},
            {"telegram", "telegram"},
            {"properties", "properties"},
            {"signupApplication", "signup_application"}
        };
        for (String[] field : fields) {
            if (!same(before.path(field[0]), after.path(field[0]))) {
                columns.add(field[1]);
            }
        }
        return columns;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isMissingNode() || a.isNull()) {
            return b.isMissingNode()
                    || b.isNull()
                    || (b.isString() && b.asString().isEmpty());
        }
        return a.equals(b);
    }

    private static boolean differs(JsonNode stored, Money balance) {
        if (!stored.isNumber()) {
            return true;
        }
        return stored.decimalValue().subtract(balance.amount()).abs().compareTo(TOLERANCE) >= 0;
    }

    static long score(Money balance) {
        return balance.amount().setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
