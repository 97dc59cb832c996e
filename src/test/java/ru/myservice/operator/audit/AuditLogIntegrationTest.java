package ru.myservice.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.operator.StaffMember;

/** The audit keeps every record it is given, in the action's transaction, and gives none back up. */
class AuditLogIntegrationTest {

    private final AuditLog audit = OperatorFixture.app().bean(AuditLog.class);
    private final TransactionTemplate transaction =
            new TransactionTemplate(OperatorFixture.app().bean(PlatformTransactionManager.class));

    private void record(StaffMember staff, AuditAction action, UUID account, String reason) {
        transaction.executeWithoutResult(tx -> audit.record(
                staff,
                new AuditEntry(
                        action,
                        account,
                        "target-" + reason,
                        reason,
                        Map.of("balance", "1.00"),
                        Map.of("balance", "2.00"))));
    }

    @Test
    void aRecordIsWrittenOnlyInsideTheActionsTransaction() {
        var staff = OperatorFixture.staff("anna");
        var entry = new AuditEntry(AuditAction.PAYMENT_RECHECKED, null, null, "no transaction", Map.of(), Map.of());

        assertThatThrownBy(() -> audit.record(staff, entry)).isInstanceOf(IllegalTransactionStateException.class);

        assertThat(audit.find(new AuditFilter(staff.login(), null, null, null, null), 0)
                        .records())
                .isEmpty();
    }

    @Test
    void aRecordRolledBackWithItsActionIsGone() {
        var staff = OperatorFixture.staff("boris");
        assertThatThrownBy(() -> transaction.executeWithoutResult(tx -> {
                    audit.record(
                            staff,
                            new AuditEntry(
                                    AuditAction.ADJUSTMENT_APPLIED, null, null, "failed later", Map.of(), Map.of()));
                    throw new IllegalStateException("the action failed");
                }))
                .hasMessage("the action failed");

        assertThat(audit.find(new AuditFilter(staff.login(), null, null, null, null), 0)
                        .records())
                .isEmpty();
    }

    @Test
    void nobodyCanUpdateDeleteOrTruncateTheAudit() {
        var staff = OperatorFixture.staff("vera");
        UUID account = UUID.randomUUID();
        record(staff, AuditAction.ADJUSTMENT_APPLIED, account, "kept");
        var db = OperatorFixture.db();

        assertThatThrownBy(() -> db.sql("update staff_audit set reason = 'rewritten' where staff_login = :l")
                        .param("l", staff.login())
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("delete from staff_audit where staff_login = :l")
                        .param("l", staff.login())
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("truncate staff_audit").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");

        var kept = audit.find(new AuditFilter(staff.login(), null, null, null, null), 0)
                .records();
        assertThat(kept).singleElement().satisfies(line -> {
            assertThat(line.reason()).isEqualTo("kept");
            assertThat(line.accountId()).isEqualTo(account);
            assertThat(line.staffName()).isEqualTo("vera");
            assertThat(line.before()).containsEntry("balance", "1.00");
            assertThat(line.after()).containsEntry("balance", "2.00");
        });
    }

    @Test
    void findFiltersByStaffActionAccountAndTimeNewestFirstInPages() {
        var galina = OperatorFixture.staff("galina");
        var denis = OperatorFixture.staff("denis");
        UUID account = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(1);
        record(galina, AuditAction.ADJUSTMENT_REQUESTED, account, "first");
        record(galina, AuditAction.ADJUSTMENT_APPLIED, other, "second");
        record(galina, AuditAction.ADJUSTMENT_REQUESTED, account, "third");
        record(denis, AuditAction.ADJUSTMENT_APPROVED, account, "fourth");

        assertThat(audit.find(new AuditFilter(galina.login(), null, null, null, null), 0)
                        .records())
                .extracting(AuditRecord::reason)
                .containsExactly("third", "second", "first");
        assertThat(audit.find(new AuditFilter(galina.login(), AuditAction.ADJUSTMENT_REQUESTED, null, null, null), 0)
                        .records())
                .extracting(AuditRecord::reason)
                .containsExactly("third", "first");
        assertThat(audit.find(new AuditFilter(null, null, account, null, null), 0)
                        .records())
                .extracting(AuditRecord::reason)
                .containsExactly("fourth", "third", "first");
        assertThat(audit.find(
                                new AuditFilter(
                                        null,
                                        null,
                                        account,
                                        start,
                                        Instant.now().plusSeconds(60)),
                                0)
                        .records())
                .hasSize(3);
        assertThat(audit.find(new AuditFilter(null, null, account, null, start), 0)
                        .records())
                .isEmpty();

        var first = audit.find(new AuditFilter(null, null, account, null, null), 0, 2);
        var second = audit.find(new AuditFilter(null, null, account, null, null), 1, 2);
        assertThat(first.records()).extracting(AuditRecord::reason).containsExactly("fourth", "third");
        assertThat(first.more()).isTrue();
        assertThat(second.records()).extracting(AuditRecord::reason).containsExactly("first");
        assertThat(second.more()).isFalse();
    }
}
