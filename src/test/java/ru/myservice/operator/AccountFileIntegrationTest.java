package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.account.Provider;
import ru.myservice.casdoor.CasdoorMirror;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditFilter;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.operator.audit.AuditRecord;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.topup.PaymentStatus;
import ru.myservice.topup.TopupFixture.Payer;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.HoldState;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletReads.Line;
import ru.myservice.wallet.WalletService;

/** The account view shows staff the customer's money as it moved, and ends sessions and re-syncs on request. */
class AccountFileIntegrationTest {

    private final AppInstance app = OperatorFixture.topup().app();
    private final AccountFile file = app.bean(AccountFile.class);
    private final WalletService wallets = app.bean(WalletService.class);
    private final StaffMember staff = OperatorFixture.staff("reader");

    @Test
    void theViewShowsTheProfileAndEveryMovementOfMoneyWithRunningBalances() {
        Person person = Person.fresh();
        Payer payer = OperatorFixture.topup().payer(person);
        UUID account = payer.account();
        var paid = OperatorFixture.payTopup(payer, "500.00");
        OperatorFixture.refund(paid, "100.00");
        String reference = "msg-" + UUID.randomUUID();
        UUID charge = OperatorFixture.spending().charge(account, "30.00", reference);
        OperatorFixture.spending().refund(charge, "5.00");
        String holdReference = "answer-" + UUID.randomUUID();
        UUID hold = OperatorFixture.spending().hold(account, "20.00", holdReference);
        wallets.credit(account, Money.of("12.34"), EntryKind.ADJUSTMENT, "goodwill-" + UUID.randomUUID());

        var view = file.of(staff, account, 1).orElseThrow();

        assertThat(view.profile().email()).isEqualTo(person.email());
        assertThat(view.profile().displayName()).isEqualTo(person.fullName());
        assertThat(view.profile().deleted()).isFalse();
        assertThat(view.profile().identities()).singleElement().satisfies(i -> {
            assertThat(i.provider()).isEqualTo(Provider.GOOGLE);
            assertThat(i.subject()).isEqualTo(person.subject());
        });
        assertThat(view.funds().balance()).isEqualTo(Money.of("387.34"));
        assertThat(view.funds().held()).isEqualTo(Money.of("20.00"));
        assertThat(view.funds().available()).isEqualTo(Money.of("367.34"));

        assertThat(view.ledger().lines())
                .extracting(Line::kind, Line::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EntryKind.ADJUSTMENT, Money.of("12.34")),
                        org.assertj.core.groups.Tuple.tuple(EntryKind.CHARGE_REFUND, Money.of("5.00")),
                        org.assertj.core.groups.Tuple.tuple(EntryKind.CHARGE, Money.of("-30.00")),
                        org.assertj.core.groups.Tuple.tuple(EntryKind.REFUND, Money.of("-100.00")),
                        org.assertj.core.groups.Tuple.tuple(EntryKind.TOPUP, Money.of("500.00")));
        assertThat(view.ledger().lines())
                .extracting(Line::running)
                .containsExactly(
                        Money.of("387.34"),
                        Money.of("375.00"),
                        Money.of("370.00"),
                        Money.of("400.00"),
                        Money.of("500.00"));
        assertThat(view.ledger().lines())
                .allSatisfy(l -> assertThat(l.running()).isEqualTo(l.balanceAfter()));
        assertThat(view.ledger().lines().getLast().reference()).isEqualTo(paid.remote());
        assertThat(view.ledger().pages()).isEqualTo(1);

        assertThat(view.payments().total()).isEqualTo(1);
        assertThat(view.payments().latest()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(paid.payment());
            assertThat(p.yookassaId()).isEqualTo(paid.remote());
            assertThat(p.amount()).isEqualTo(Money.of("500.00"));
            assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
            assertThat(p.refunded()).isEqualTo(Money.of("100.00"));
        });
        assertThat(view.charges().latest()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(charge);
            assertThat(c.client()).isEqualTo("ai-chat");
            assertThat(c.reference()).isEqualTo(reference);
            assertThat(c.amount()).isEqualTo(Money.of("30.00"));
            assertThat(c.refunded()).isEqualTo(Money.of("5.00"));
        });
        assertThat(view.holds()).singleElement().satisfies(h -> {
            assertThat(h.hold().id()).isEqualTo(hold);
            assertThat(h.hold().amount()).isEqualTo(Money.of("20.00"));
            assertThat(h.hold().state()).isEqualTo(HoldState.ACTIVE);
            assertThat(h.hold().expiresAt()).isAfter(Instant.now());
            assertThat(h.caller()).isNotNull();
            assertThat(h.caller().reference()).isEqualTo(holdReference);
        });
    }

    @Test
    void aLongLedgerIsPagedAndItsRunningBalanceCarriesAcrossPages() {
        UUID account = OperatorFixture.topup().payer().account();
        int entries = AccountFile.LEDGER_PAGE + 3;
        for (int i = 1; i <= entries; i++) {
            wallets.credit(account, Money.of(i + ".01"), EntryKind.ADJUSTMENT, "paged-" + UUID.randomUUID());
        }

        var first = file.of(staff, account, 1).orElseThrow().ledger();
        var second = file.of(staff, account, 2).orElseThrow().ledger();

        assertThat(first.pages()).isEqualTo(2);
        assertThat(first.entries()).isEqualTo(entries);
        assertThat(first.lines()).hasSize(AccountFile.LEDGER_PAGE);
        assertThat(first.lines().getFirst().running()).isEqualTo(wallets.balance(account));
        assertThat(second.lines())
                .extracting(Line::amount)
                .containsExactly(Money.of("3.01"), Money.of("2.01"), Money.of("1.01"));
        assertThat(second.lines())
                .extracting(Line::running)
                .containsExactly(Money.of("6.03"), Money.of("3.02"), Money.of("1.01"));
        Line oldestOfFirst = first.lines().getLast();
        assertThat(oldestOfFirst.running().amount())
                .isEqualByComparingTo(second.lines()
                        .getFirst()
                        .running()
                        .amount()
                        .add(oldestOfFirst.amount().amount()));
    }

    @Test
    void staffEndACustomersSessionAndTheCustomerIsSignedOut() {
        Payer payer = OperatorFixture.topup().payer();
        var sessions = file.of(staff, payer.account(), 1).orElseThrow().sessions();
        assertThat(sessions)
                .singleElement()
                .satisfies(s -> assertThat(s.method()).isEqualTo("google"));
        assertThat(payer.browser().open(app.url("/dashboard")).statusCode()).isEqualTo(200);

        assertThat(file.endSession(staff, payer.account(), sessions.getFirst().key()))
                .isTrue();

        var after = payer.browser().open(app.url("/dashboard"));
        assertThat(after.uri().getPath()).isNotEqualTo("/dashboard");
        assertThat(file.of(staff, payer.account(), 1).orElseThrow().sessions()).isEmpty();
        assertThat(file.endSession(staff, payer.account(), sessions.getFirst().key()))
                .isFalse();
    }

    @Test
    void aParkedCasdoorSyncShowsItsErrorAndAResyncQueuesItAgainNow() {
        UUID account = OperatorFixture.topup().payer().account();
        app.bean(JdbcClient.class).sql("""
                        insert into casdoor_sync_jobs (account_id, kind, attempts, parked, last_error, due_at)
                        values (:a, 'user', 8, true, 'Casdoor unreachable: connect timed out', now() - interval '1 day')
                        on conflict (account_id, kind) do update set attempts = 8, parked = true,
                            last_error = excluded.last_error, due_at = excluded.due_at
                        """).param("a", account).update();

        var parked = file.of(staff, account, 1).orElseThrow().mirror();
        file.resync(staff, account);
        var queued = file.of(staff, account, 1).orElseThrow().mirror();

        assertThat(parked.parked()).isTrue();
        assertThat(parked.jobs())
                .filteredOn(j -> j.kind() == CasdoorMirror.Kind.USER)
                .singleElement()
                .satisfies(j -> assertThat(j.lastError()).contains("connect timed out"));
        assertThat(queued.parked()).isFalse();
        assertThat(queued.jobs())
                .filteredOn(j -> j.kind() == CasdoorMirror.Kind.USER)
                .singleElement()
                .satisfies(j -> {
                    assertThat(j.attempts()).isZero();
                    assertThat(j.dueAt()).isAfter(Instant.now().minusSeconds(60));
                });
    }

    @Test
    void anAccountThatDoesNotExistHasNoView() {
        assertThat(file.of(staff, UUID.randomUUID(), 1)).isEmpty();
    }

    @Test
    void eachViewSessionEndedAndResyncIsInTheAuditUnderWhoeverDidIt() {
        Payer payer = OperatorFixture.topup().payer();
        var sessions = file.of(staff, payer.account(), 1).orElseThrow().sessions();
        file.endSession(staff, payer.account(), sessions.getFirst().key());
        file.endSession(staff, payer.account(), sessions.getFirst().key());
        file.resync(staff, payer.account());

        List<AuditRecord> records = app.bean(AuditLog.class)
                .find(new AuditFilter(null, null, payer.account(), null, null), 0)
                .records();
        assertThat(records)
                .extracting(AuditRecord::action)
                .containsExactly(AuditAction.CASDOOR_RESYNCED, AuditAction.SESSION_ENDED, AuditAction.VIEW_ACCOUNT);
        assertThat(records).allSatisfy(r -> assertThat(r.staffLogin()).isEqualTo(staff.login()));
        assertThat(records.get(1).target()).isEqualTo(sessions.getFirst().key());
    }

    @Test
    void readOnlyStaffMayLookButNeitherEndASessionNorResync() {
        Payer payer = OperatorFixture.topup().payer();
        var auditor = OperatorFixture.readOnly("auditor");
        var sessions = file.of(auditor, payer.account(), 1).orElseThrow().sessions();

        assertThatThrownBy(() -> file.endSession(
                        auditor, payer.account(), sessions.getFirst().key()))
                .isInstanceOf(StaffCannotAct.class);
        assertThatThrownBy(() -> file.resync(auditor, payer.account())).isInstanceOf(StaffCannotAct.class);
        assertThat(file.of(staff, payer.account(), 1).orElseThrow().sessions()).hasSize(1);
    }
}
