package ru.myservice.account;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import ru.myservice.config.PageRead;
import ru.myservice.config.PageReads;
import ru.myservice.config.Row;
import tools.jackson.databind.JsonNode;

@Repository
class AccountRepository {

    private final JdbcClient jdbc;
    private final PageReads reads;

    AccountRepository(JdbcClient jdbc, PageReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    /** Serialises concurrent transactions that work on the same key until the current transaction ends. */
    void lock(String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", key)
                .query((rs, n) -> 1)
                .list();
    }

    record IdentityRow(long id, UUID accountId) {}

    Optional<IdentityRow> findIdentity(Provider provider, String subject) {
        return jdbc.sql("select id, account_id from identities where provider = :provider and subject = :subject")
                .param("provider", provider.id())
                .param("subject", subject)
                .query((rs, n) -> new IdentityRow(rs.getLong("id"), rs.getObject("account_id", UUID.class)))
                .optional();
    }

    Optional<UUID> findByVerifiedEmail(String email) {
        return jdbc.sql("""
                        select id from accounts
                        where email_verified and lower(email) = lower(:email)
                        order by created_at
                        limit 1
                        """).param("email", email).query(UUID.class).optional();
    }

    void insertAccount(UUID id, ProviderProfile profile) {
        jdbc.sql("""
                        insert into accounts (id, display_name, email, email_verified, avatar_url)
                        values (:id, :name, :email, :verified, :avatar)
                        """)
                .param("id", id)
                .param("name", profile.displayName())
                .param("email", profile.email())
                .param("verified", profile.emailVerified())
                .param("avatar", profile.avatarUrl())
                .update();
    }

    void insertIdentity(UUID accountId, ProviderProfile profile) {
        jdbc.sql("""
                        insert into identities (account_id, provider, subject, email, email_verified, display_name, avatar_url)
                        values (:account, :provider, :subject, :email, :verified, :name, :avatar)
                        """)
                .param("account", accountId)
                .param("provider", profile.provider().id())
                .param("subject", profile.subject())
                .param("email", profile.email())
                .param("verified", profile.emailVerified())
                .param("name", profile.displayName())
                .param("avatar", profile.avatarUrl())
                .update();
    }

    /** Keeps the identity's snapshot of the provider profile current; returns true if anything changed. */
    boolean refreshIdentity(long identityId, ProviderProfile profile) {
        int changed = jdbc.sql("""
                        update identities
                        set email = :email, email_verified = :verified, display_name = :name, avatar_url = :avatar
                        where id = :id
                          and (email, email_verified, display_name, avatar_url)
                              is distinct from (cast(:email as text), cast(:verified as boolean),
                                                cast(:name as text), cast(:avatar as text))
                        """)
                .param("id", identityId)
                .param("email", profile.email())
                .param("verified", profile.emailVerified())
                .param("name", profile.displayName())
                .param("avatar", profile.avatarUrl())
                .update();
        jdbc.sql("update identities set last_signed_in = now() where id = :id")
                .param("id", identityId)
                .update();
        return changed > 0;
    }

    /**
     * Fills in what the account lacks from a newly seen profile: an e-mail, or a verified one where the
     * account's is unverified or missing (the verified address becomes the main one). A main e-mail
     * that is already verified stays: the person may have chosen it.
     */
    boolean enrichAccount(UUID accountId, ProviderProfile profile) {
        int changed = jdbc.sql("""
                        with seen as (select cast(:email as text) as email, cast(:verified as boolean) as verified)
                        update accounts a set
                            email = case when seen.verified and not a.email_verified then seen.email
                                         else coalesce(a.email, seen.email) end,
                            email_verified = a.email_verified or seen.verified,
                            updated_at = now()
                        from seen
                        where a.id = :id
                          and ((a.email is null and seen.email is not null)
                            or (not a.email_verified and seen.verified))
                        """)
                .param("id", accountId)
                .param("email", profile.email())
                .param("verified", profile.emailVerified())
                .update();
        return changed > 0;
    }

    /**
     * Points the account's picture at what its choice resolves to now: the chosen provider's picture,
     * none, or (automatic, or the chosen one has none) the picture shown so far while a linked method
     * still has it, else the first linked method's picture. Returns true if the picture changed.
     */
    boolean refreshAvatar(UUID accountId) {
        return jdbc.sql("""
                        update accounts a set avatar_url = picked.url, updated_at = now()
                        from (
                            select case when c.avatar_source = 'none' then null else coalesce(
                                (select i.avatar_url from identities i
                                 where i.account_id = c.id and i.provider = c.avatar_source and i.avatar_url is not null
                                 order by i.created_at, i.id limit 1),
                                (select i.avatar_url from identities i
                                 where i.account_id = c.id and i.avatar_url = c.avatar_url limit 1),
                                (select i.avatar_url from identities i
                                 where i.account_id = c.id and i.avatar_url is not null
                                 order by i.created_at, i.id limit 1)) end as url
                            from accounts c where c.id = :id
                        ) picked
                        where a.id = :id and a.avatar_url is distinct from picked.url
                        """).param("id", accountId).update() > 0;
    }

    /** False when this was already the choice. */
    boolean chooseAvatar(UUID accountId, Account.@Nullable AvatarChoice choice) {
        return jdbc.sql("""
                        update accounts set avatar_source = :source, updated_at = now()
                        where id = :id and avatar_source is distinct from :source
                        """)
                        .param("id", accountId)
                        .param("source", choice == null ? null : choice.value())
                        .update()
                > 0;
    }

    /** False when this was already the main e-mail. */
    boolean setEmail(UUID accountId, @Nullable String email, boolean verified) {
        return jdbc.sql("""
                        update accounts set email = :email, email_verified = :verified, updated_at = now()
                        where id = :id
                          and (email, email_verified) is distinct from (cast(:email as text), cast(:verified as boolean))
                        """)
                        .param("id", accountId)
                        .param("email", email)
                        .param("verified", verified)
                        .update()
                > 0;
    }

    List<UUID> ids(@Nullable UUID after, int limit) {
        var query = after == null
                ? jdbc.sql("select id from accounts order by id limit :limit")
                : jdbc.sql("select id from accounts where id > :after order by id limit :limit")
                        .param("after", after);
        return query.param("limit", limit).query(UUID.class).list();
    }

    /** Locks the account's row until the transaction ends; false when there is no such account. */
    boolean lockAccount(UUID id) {
        return !jdbc.sql("select id from accounts where id = :id for update")
                .param("id", id)
                .query((rs, n) -> 1)
                .list()
                .isEmpty();
    }

    int identityCount(UUID accountId) {
        return jdbc.sql("select count(*) from identities where account_id = :id")
                .param("id", accountId)
                .query(Integer.class)
                .single();
    }

    int identityCount(UUID accountId, Provider provider) {
        return jdbc.sql("select count(*) from identities where account_id = :id and provider = :provider")
                .param("id", accountId)
                .param("provider", provider.id())
                .query(Integer.class)
                .single();
    }

    void deleteIdentity(UUID accountId, Provider provider) {
        jdbc.sql("delete from identities where account_id = :id and provider = :provider")
                .param("id", accountId)
                .param("provider", provider.id())
                .update();
    }

    /** Blanks the profile and removes what names the person; the row stays for the accounting records. */
    void anonymise(UUID id) {
        jdbc.sql("delete from identities where account_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from account_activity where account_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("""
                        update accounts set display_name = '', email = null, email_verified = false,
                            avatar_url = null, avatar_source = null, deleted_at = now(), updated_at = now()
                        where id = :id
                        """).param("id", id).update();
    }

    /** The account's main e-mail, or null when it has none (or there is no such account). */
    @Nullable
    String mainEmail(UUID id) {
        return jdbc.sql("select email from accounts where id = :id")
                .param("id", id)
                .query((rs, n) -> rs.getString("email"))
                .optional()
                .orElse(null);
    }

    /** False when the name was already this. */
    boolean rename(UUID id, String name) {
        return jdbc.sql("""
                        update accounts set display_name = :name, updated_at = now()
                        where id = :id and display_name is distinct from :name
                        """).param("id", id).param("name", name).update() > 0;
    }

    /** The account with its sign-in methods, oldest first. */
    Optional<Account> find(UUID id) {
        return reads.one(findRead(id));
    }

    /** The account with its sign-in methods, oldest first, as a part of a page's one statement. */
    PageRead<Optional<Account>> findRead(UUID id) {
        return new PageRead<>("""
                select json_build_object(
                    'account', to_json(a),
                    'identities', coalesce(
                        (select json_agg(i order by i.created_at, i.id) from identities i where i.account_id = a.id),
                        '[]'::json))
                from (select id, number, display_name, email, email_verified, avatar_url, avatar_source, created_at,
                             deleted_at
                      from accounts where id = :account_id) a
                """, Map.of("account_id", id), found -> {
            if (found == null) {
                return Optional.empty();
            }
            List<Account.Identity> identities = new ArrayList<>();
            for (JsonNode identity : found.get("identities")) {
                identities.add(identity(Row.of(identity)));
            }
            return Optional.of(account(Row.of(found.get("account"))).withIdentities(identities));
        });
    }

    /** The account, its identities still to be added. */
    private static Account account(Row row) throws SQLException {
        return new Account(
                row.uuid("id"),
                row.number("number"),
                row.string("display_name"),
                row.nullableString("email"),
                row.bool("email_verified"),
                row.nullableString("avatar_url"),
                Optional.ofNullable(row.nullableString("avatar_source"))
                        .flatMap(Account.AvatarChoice::of)
                        .orElse(null),
                row.instant("created_at"),
                List.of(),
                row.nullableInstant("deleted_at"));
    }

    private static Account.Identity identity(Row row) throws SQLException {
        return new Account.Identity(
                Provider.byId(row.string("provider")).orElseThrow(),
                row.string("subject"),
                row.nullableString("email"),
                row.bool("email_verified"),
                row.nullableString("display_name"),
                row.nullableString("avatar_url"),
                row.instant("created_at"));
    }
}
