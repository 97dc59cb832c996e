package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.account.ProviderProfile;
import ru.myservice.operator.AccountSearch.Field;
import ru.myservice.operator.AccountSearch.Found;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.topup.TopupFixture.Payer;
import ru.myservice.wallet.Money;

/** Staff find an account by whatever the customer quotes, and only that account. */
class AccountSearchIntegrationTest {

    static AppInstance app;
    static AccountSearch search;

    /** The customer staff look for, and a neighbour whose e-mail and name begin the same way. */
    static Person customer;

    static Person neighbour;
    static Payer payer;
    static UUID account;
    static UUID neighbourAccount;
    static OperatorFixture.Paid paid;
    static String chargeReference;
    static UUID charge;
    static String holdReference;

    @BeforeAll
    static void customerWithMoney() {
        app = OperatorFixture.topup().app();
        search = app.bean(AccountSearch.class);
        long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        // The name's own letters, not the digits of the ids: a name containing them would match them too.
        String surname = "Кузнецова"
                + Long.toString(id)
                        .chars()
                        .map(digit -> "абвгдежзик".charAt(digit - '0'))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
        customer = new Person(Long.toString(id), "Зоя", surname, "zoja." + id + "@example.ru", true);
        neighbour = new Person(Long.toString(id + 1), "Зоя", surname + "ева", "zoja." + id + "0@example.ru", true);
        payer = OperatorFixture.topup().payer(customer);
        account = payer.account();
        neighbourAccount = OperatorFixture.topup().payer(neighbour).account();
        paid = OperatorFixture.payTopup(payer, "250.00");
        chargeReference = "msg-" + UUID.randomUUID();
        charge = OperatorFixture.spending().charge(account, "10.00", chargeReference);
        holdReference = "answer-" + UUID.randomUUID();
        OperatorFixture.spending().hold(account, "5.00", holdReference);
    }

    @Test
    void eachKindOfKeyFindsTheCustomerAndNobodyElse() {
        long number = numberOf(account);

        assertOnly(search.find(Long.toString(number)), Field.ACCOUNT_NUMBER);
        assertOnly(search.find("№ " + number), Field.ACCOUNT_NUMBER);
        assertOnly(search.find(customer.subject()), Field.PROVIDER_USER_ID);
        assertOnly(search.find(paid.remote()), Field.YOOKASSA_PAYMENT_ID);
        assertOnly(search.find(paid.payment().toString()), Field.PAYMENT_ID);
        assertOnly(search.find(paid.payment().toString().toUpperCase()), Field.PAYMENT_ID);
        assertOnly(search.find(chargeReference), Field.SPEND_REFERENCE);
        assertOnly(search.find(holdReference), Field.SPEND_REFERENCE);
        assertOnly(search.find(charge.toString()), Field.SPEND_ID);
        assertOnly(search.find("  " + customer.email().toUpperCase() + "\t"), Field.EMAIL);
    }

    @Test
    void aBeginningOfAnEMailOrAPartOfANameFindsEveryAccountItFitsTheSurestFirst() {
        String emailStart = customer.email().substring(0, customer.email().indexOf('@'));

        List<Found> byEmail = search.find(emailStart.toUpperCase());
        List<Found> byName = search.find(customer.lastName().substring(2).toLowerCase());

        assertThat(byEmail)
                .extracting(Found::accountId, Found::matched)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(account, Field.EMAIL_PREFIX),
                        org.assertj.core.groups.Tuple.tuple(neighbourAccount, Field.EMAIL_PREFIX));
        assertThat(byName)
                .extracting(Found::accountId, Found::matched)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(account, Field.NAME),
                        org.assertj.core.groups.Tuple.tuple(neighbourAccount, Field.NAME));
        assertThat(search.find(neighbour.email()))
                .extracting(Found::accountId, Found::matched)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(neighbourAccount, Field.EMAIL));
    }

    @Test
    void whatIsFoundSaysWhoItIsAndWhatIsOnTheBalance() {
        Found found = search.find(customer.email()).getFirst();

        assertThat(found.number()).isEqualTo(numberOf(account));
        assertThat(found.displayName()).isEqualTo(customer.fullName());
        assertThat(found.email()).isEqualTo(customer.email());
        assertThat(found.deleted()).isFalse();
        assertThat(found.balance()).isEqualTo(Money.of("240.00"));
    }

    @Test
    void aTextThatNamesTooManyListsFiftyLowestNumbersFirstTheSameEachTime() {
        String shared = "Пётр Многоименный" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_000_000L);
        var accounts = app.bean(AccountService.class);
        for (int i = 0; i < AccountSearch.LIMIT + 5; i++) {
            accounts.signIn(
                    new ProviderProfile(Provider.VK, "many-" + UUID.randomUUID(), null, false, shared + " " + i, null));
        }

        List<Found> first = search.find(shared.toUpperCase());
        List<Found> again = search.find(shared);

        assertThat(first)
                .hasSize(AccountSearch.LIMIT)
                .allSatisfy(f -> assertThat(f.matched()).isEqualTo(Field.NAME));
        assertThat(first).extracting(Found::number).isSorted();
        assertThat(first.getFirst().displayName()).isEqualTo(shared + " 0");
        assertThat(first.getLast().displayName()).isEqualTo(shared + " " + (AccountSearch.LIMIT - 1));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void oddTextFindsNothingAndNeverFails() {
        for (String odd : List.of(
                "",
                " ",
                "з",
                " 1 ",
                "%%",
                "__",
                "%_",
                "\\\\",
                "'; delete from accounts; --",
                "\u0000\u0000",
                "@",
                "a".repeat(100_000),
                "ж".repeat(AccountSearch.LONGEST),
                "12345678901234567890123",
                "00000000-0000-0000-0000-00000000000g")) {
            assertThat(search.find(odd))
                    .as(odd.length() > 40 ? odd.substring(0, 40) : odd)
                    .isEmpty();
        }
    }

    private static void assertOnly(List<Found> found, Field field) {
        assertThat(found).extracting(Found::accountId).containsExactly(account);
        assertThat(found.getFirst().matched()).isEqualTo(field);
    }

    private static long numberOf(UUID id) {
        return app.bean(AccountService.class).find(id).orElseThrow().number();
    }
}
