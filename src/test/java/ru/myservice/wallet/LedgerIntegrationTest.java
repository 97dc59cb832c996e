package ru.myservice.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Money moves once per reference, under a lock, and the balance is always the ledger's sum. */
class LedgerIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final WalletService wallets = app.bean(WalletService.class);

    private UUID newAccount() {
        Person person = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
        return app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
    }

    @Test
    void aCreditWithTheSameReferenceHappensOnceEvenWhenRacing() throws Exception {
        UUID account = newAccount();
        String reference = "payment-" + UUID.randomUUID();
        var go = new CountDownLatch(1);
        List<Future<WalletService.Posting>> postings = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                postings.add(pool.submit(() -> {
                    go.await();
                    return wallets.credit(account, Money.of("150.50"), EntryKind.TOPUP, reference);
                }));
            }
            go.countDown();
            long applied = 0;
            for (var posting : postings) {
                applied += posting.get().applied() ? 1 : 0;
            }
            assertThat(applied).isEqualTo(1);
        }

        assertThat(wallets.balance(account)).isEqualTo(Money.of("150.50"));
        assertThat(wallets.ledgerSum(account)).isEqualTo(wallets.balance(account));
    }

    @Test
    void creditsRacingForOneWalletAllArriveAndTheLedgerStaysAChain() throws Exception {
        UUID account = newAccount();
        var go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < 10; n++) {
                        assertThat(wallets.credit(account, Money.of("12.34"), EntryKind.TOPUP, "t-" + UUID.randomUUID())
                                        .applied())
                                .isTrue();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (var each : done) {
                each.get();
            }
        }

        assertThat(wallets.balance(account)).isEqualTo(Money.of("987.20"));
        assertThat(wallets.ledgerSum(account)).isEqualTo(wallets.balance(account));
        // Each entry continues the one before it (the ledger's trigger refuses any that does not).
        assertThat(wallets.entries(account, null, 100))
                .hasSize(80)
                .extracting(WalletService.Entry::balanceAfter)
                .doesNotHaveDuplicates();
    }

    @Test
    void aCreditOfNothingOrLessIsRefused() {
        UUID account = newAccount();

        assertThatThrownBy(() -> wallets.credit(account, Money.of("-5"), EntryKind.TOPUP, "neg-" + account))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wallets.credit(account, Money.ZERO, EntryKind.TOPUP, "zero-" + account))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(wallets.balance(account)).isEqualTo(Money.ZERO);
    }

    @Test
    void theBalanceAlwaysEqualsTheLedgerAndMayGoNegativeOnARefund() {
        UUID account = newAccount();
        var random = ThreadLocalRandom.current();
        Money expected = Money.ZERO;
        for (int i = 0; i < 30; i++) {
            Money amount = new Money(java.math.BigDecimal.valueOf(random.nextLong(1, 100_000), 2));
            if (random.nextBoolean()) {
                wallets.credit(account, amount, EntryKind.TOPUP, "t-" + UUID.randomUUID());
                expected = new Money(expected.amount().add(amount.amount()));
            } else {
                wallets.debit(account, amount, EntryKind.REFUND, "r-" + UUID.randomUUID());
                expected = new Money(expected.amount().subtract(amount.amount()));
            }
            assertThat(wallets.ledgerSum(account)).isEqualTo(wallets.balance(account));
        }
        assertThat(wallets.balance(account)).isEqualTo(expected);

        Money before = wallets.balance(account);
        var refund = wallets.debit(account, Money.of("1000000"), EntryKind.REFUND, "big-" + UUID.randomUUID());
        assertThat(refund.applied()).isTrue();
        assertThat(refund.balance().amount().signum()).isNegative();
        assertThat(wallets.balance(account).amount())
                .isEqualByComparingTo(
                        before.amount().subtract(Money.of("1000000").amount()));
    }

    @Test
    void sameReferenceUnderAnotherKindIsAnotherEntry() {
        UUID account = newAccount();
        wallets.credit(account, Money.of("10"), EntryKind.TOPUP, "shared-ref-" + account);

        var refund = wallets.debit(account, Money.of("10"), EntryKind.REFUND, "shared-ref-" + account);

        assertThat(refund.applied()).isTrue();
        assertThat(wallets.balance(account)).isEqualTo(Money.ZERO);
    }
}
