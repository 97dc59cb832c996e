package ru.myservice.operator.adjustments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.myservice.operator.OperatorFixture.balance;
import static ru.myservice.operator.OperatorFixture.ledger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import ru.myservice.operator.ActionRefused;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.operator.StaffMember;
import ru.myservice.operator.adjustments.Adjustments.AdjustmentCommand;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditFilter;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.operator.audit.AuditRecord;
import ru.myservice.wallet.Money;

/** Adjustments move money through the ledger once, never below zero, and large ones with four eyes. */
class AdjustmentsIntegrationTest {

    private final Adjustments adjustments = OperatorFixture.app().bean(Adjustments.class);
    private final AuditLog audit = OperatorFixture.app().bean(AuditLog.class);

    private static UUID account() {
        return OperatorFixture.topup().payer().account();
    }

    private static AdjustmentCommand credit(UUID account, String amount) {
        return new AdjustmentCommand(
                UUID.randomUUID(), account, true, Money.of(amount), AdjustmentCategory.GOODWILL, "Извинение за сбой");
    }

    private static AdjustmentCommand debit(UUID account, String amount) {
        return new AdjustmentCommand(
                UUID.randomUUID(),
                account,
                false,
                Money.of(amount),
                AdjustmentCategory.CORRECTION,
                "Ошибочное начисление");
    }

    private List<AuditRecord> audited(UUID account) {
        return audit.find(new AuditFilter(null, null, account, null, null), 0).records();
    }

    private static ActionRefused.Why why(Throwable e) {
        return ((ActionRefused) e).why();
    }

    @Test
    void aSmallCreditIsAppliedAtOnceThroughTheLedgerAndAudited() {
        UUID account = account();
        var staff = OperatorFixture.staff("alla");

        var applied = adjustments.request(staff, credit(account, "250.00"));

        assertThat(applied.status()).isEqualTo(AdjustmentStatus.APPLIED);
        assertThat(applied.needsApproval()).isFalse();
        assertThat(balance(account)).isEqualTo(Money.of("250"));
        assertThat(ledger(account)).containsExactly("adjustment 250.00");
        assertThat(OperatorFixture.db()
                        .sql("select reference from ledger_entries where kind = 'adjustment' and wallet_id ="
                                + " (select id from wallets where account_id = :a)")
                        .param("a", account)
                        .query(String.class)
                        .single())
                .isEqualTo(applied.id().toString());
        assertThat(audited(account)).singleElement().satisfies(line -> {
            assertThat(line.action()).isEqualTo(AuditAction.ADJUSTMENT_APPLIED);
            assertThat(line.reason()).isEqualTo("Извинение за сбой");
            assertThat(line.target()).isEqualTo(applied.id().toString());
            assertThat(line.before()).containsEntry("balance", "0.00 RUB");
            assertThat(line.after())
                    .containsEntry("balance", "250.00 RUB")
                    .containsEntry("category", "goodwill")
                    .containsEntry("amount", "250.00 RUB");
        });
    }

    @Test
    void aDebitAboveTheBalanceIsRefusedAndPostsNothing() {
        UUID account = account();
        var staff = OperatorFixture.staff("boris");
        adjustments.request(staff, credit(account, "100.00"));

        assertThatThrownBy(() -> adjustments.request(staff, debit(account, "100.01")))
                .isInstanceOfSatisfying(ActionRefused.class, e -> {
                    assertThat(e.why()).isEqualTo(ActionRefused.Why.BELOW_ZERO);
                    assertThat(e.args()).containsExactly(Money.of("100"));
                });
        assertThat(balance(account)).isEqualTo(Money.of("100"));

        var taken = adjustments.request(staff, debit(account, "100.00"));

        assertThat(taken.amount()).isEqualTo(Money.of("-100"));
        assertThat(balance(account)).isEqualTo(Money.ZERO);
        assertThat(ledger(account)).containsExactly("adjustment 100.00", "adjustment -100.00");
        assertThat(adjustments.ofAccount(account, 10)).hasSize(2);
    }

    @Test
    void theDatabaseRefusesAnAdjustmentThatWouldLeaveANegativeBalance() {
        UUID account = account();
        assertThatThrownBy(() -> OperatorFixture.db()
                        .sql("""
                                with entry as (
                                    insert into ledger_entries (wallet_id, amount, kind, reference, balance_after)
                                    select id, -5, 'adjustment', :ref, balance - 5 from wallets where account_id = :a
                                    returning wallet_id, balance_after)
                                update wallets w set balance = entry.balance_after from entry where w.id = entry.wallet_id
                                """)
                        .param("a", account)
                        .param("ref", UUID.randomUUID().toString())
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("ledger_adjustments_never_overdraw");
    }

    @Test
    void aDoubleSubmittedRequestIsOneAdjustment() throws Exception {
        UUID account = account();
        var staff = OperatorFixture.staff("vasilisa");
        var command = credit(account, "40.00");

        var results = OperatorFixture.together(List.<Callable<Adjustment>>of(
                () -> adjustments.request(staff, command), () -> adjustments.request(staff, command)));

        assertThat(results.stream().map(r -> ((Adjustment) r).id()).distinct()).hasSize(1);
        assertThat(ledger(account)).containsExactly("adjustment 40.00");
        assertThat(audited(account)).hasSize(1);
    }

    @Test
    void aLargeAdjustmentWaitsForASecondMemberOfStaffWhoAppliesItOnce() {
        UUID account = account();
        var asker = OperatorFixture.staff("galina");
        var approver = OperatorFixture.staff("dmitry");

        var waiting = adjustments.request(asker, credit(account, "1500.00"));

        assertThat(waiting.status()).isEqualTo(AdjustmentStatus.PENDING);
        assertThat(waiting.needsApproval()).isTrue();
        assertThat(balance(account)).isEqualTo(Money.ZERO);
        assertThat(adjustments.waiting()).extracting(Adjustment::id).contains(waiting.id());

        assertThatThrownBy(() -> adjustments.approve(asker, waiting.id(), null))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.OWN_ADJUSTMENT));
        assertThat(balance(account)).isEqualTo(Money.ZERO);

        var approved = adjustments.approve(approver, waiting.id(), "Согласовано");

        assertThat(approved.status()).isEqualTo(AdjustmentStatus.APPLIED);
        assertThat(approved.decidedLogin()).isEqualTo("myservice/dmitry");
        assertThat(balance(account)).isEqualTo(Money.of("1500"));
        assertThatThrownBy(() -> adjustments.approve(OperatorFixture.staff("egor"), waiting.id(), null))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.ALREADY_DECIDED));
        assertThat(ledger(account)).containsExactly("adjustment 1500.00");
        assertThat(audited(account))
                .extracting(AuditRecord::action, AuditRecord::staffLogin)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditAction.ADJUSTMENT_APPROVED, "myservice/dmitry"),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.ADJUSTMENT_REQUESTED, "myservice/galina"));
        assertThat(audited(account).getFirst().after())
                .containsEntry("balance", "1500.00 RUB")
                .containsEntry("note", "Согласовано");
    }

    @Test
    void theDatabaseRefusesADecisionByTheOneWhoAsked() {
        UUID account = account();
        var asker = OperatorFixture.staff("zhanna");
        var waiting = adjustments.request(asker, credit(account, "2000.00"));

        assertThatThrownBy(() ->
                        OperatorFixture.db().sql("""
                                update adjustments set status = 'applied', decided_by = requested_by,
                                    decided_login = requested_login, decided_at = now()
                                where id = :id
                                """).param("id", waiting.id()).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("adjustments_four_eyes");
    }

    @Test
    void twoApprovalsAtOnceApplyItOnce() throws Exception {
        UUID account = account();
        var waiting = adjustments.request(OperatorFixture.staff("inna"), credit(account, "1200.00"));
        StaffMember first = OperatorFixture.staff("kostya");
        StaffMember second = OperatorFixture.staff("lev");

        var results = OperatorFixture.together(List.<Callable<Adjustment>>of(
                () -> adjustments.approve(first, waiting.id(), null),
                () -> adjustments.approve(second, waiting.id(), null)));

        assertThat(results).filteredOn(Adjustment.class::isInstance).singleElement();
        assertThat(results)
                .filteredOn(ActionRefused.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(why((Throwable) e)).isEqualTo(ActionRefused.Why.ALREADY_DECIDED));
        assertThat(balance(account)).isEqualTo(Money.of("1200"));
        assertThat(ledger(account)).containsExactly("adjustment 1200.00");
        assertThat(audited(account))
                .filteredOn(line -> line.action() == AuditAction.ADJUSTMENT_APPROVED)
                .hasSize(1);
    }

    @Test
    void aRejectionPostsNothing() {
        UUID account = account();
        var waiting = adjustments.request(OperatorFixture.staff("marina"), debit(account, "5000.00"));
        var checker = OperatorFixture.staff("nestor");

        assertThatThrownBy(() -> adjustments.reject(checker, waiting.id(), " "))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.REASON_REQUIRED));
        var rejected = adjustments.reject(checker, waiting.id(), "Нет оснований");

        assertThat(rejected.status()).isEqualTo(AdjustmentStatus.REJECTED);
        assertThat(rejected.decisionNote()).isEqualTo("Нет оснований");
        assertThat(ledger(account)).isEmpty();
        assertThatThrownBy(() -> adjustments.approve(OperatorFixture.staff("oleg"), waiting.id(), null))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.ALREADY_DECIDED));
        assertThat(audited(account))
                .extracting(AuditRecord::action)
                .containsExactly(AuditAction.ADJUSTMENT_REJECTED, AuditAction.ADJUSTMENT_REQUESTED);
        assertThat(audited(account).getFirst().reason()).isEqualTo("Нет оснований");
    }

    @Test
    void anApprovedDebitTheAccountCanNoLongerCoverIsRefusedAndStaysWaiting() {
        UUID account = account();
        var staff = OperatorFixture.staff("polina");
        adjustments.request(staff, credit(account, "900.00"));
        adjustments.request(staff, credit(account, "900.00"));
        var waiting = adjustments.request(staff, debit(account, "1800.00"));
        adjustments.request(staff, debit(account, "1.00"));

        assertThatThrownBy(() -> adjustments.approve(OperatorFixture.staff("roman"), waiting.id(), null))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.BELOW_ZERO));

        assertThat(balance(account)).isEqualTo(Money.of("1799"));
        assertThat(adjustments.waiting()).extracting(Adjustment::id).contains(waiting.id());
    }

    @Test
    void thePersonsDataExportHoldsTheAdjustmentAndItsReasonButNotWhoOnTheStaffMadeIt() {
        var payer = OperatorFixture.topup().payer();
        var staff = OperatorFixture.staff("export-checker");
        var applied = adjustments.request(staff, credit(payer.account(), "15.00"));

        var export = payer.browser().get(OperatorFixture.app().url("/account/export"));

        assertThat(export.statusCode()).isEqualTo(200);
        var rows = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(export.body())
                .path("tables")
                .path("adjustments");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("id").asString()).isEqualTo(applied.id().toString());
        assertThat(rows.get(0).path("reason").asString()).isEqualTo("Извинение за сбой");
        assertThat(rows.get(0).path("amount").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(export.body()).doesNotContain(staff.login()).doesNotContain(staff.subject());
    }
}
