package ru.myservice.spend;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.ApiProblems;
import ru.myservice.config.PageRead;
import ru.myservice.config.PageReads;
import ru.myservice.spend.SpendCaller.Right;
import ru.myservice.spend.SpendRepository.ChargeRow;
import ru.myservice.spend.SpendRepository.HoldDetails;
import ru.myservice.spend.SpendRepository.RefundRow;
import ru.myservice.spend.SpendViews.BalanceView;
import ru.myservice.spend.SpendViews.CaptureRequest;
import ru.myservice.spend.SpendViews.ChargeRequest;
import ru.myservice.spend.SpendViews.ChargeView;
import ru.myservice.spend.SpendViews.HoldRequest;
import ru.myservice.spend.SpendViews.HoldView;
import ru.myservice.spend.SpendViews.RefundRequest;
import ru.myservice.spend.SpendViews.RefundView;
import ru.myservice.spend.SpendViews.TransactionView;
import ru.myservice.spend.SpendViews.TransactionsPage;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import ru.myservice.wallet.WalletService.Funds;
import ru.myservice.wallet.WalletService.Spent;

/**
 * Spending on behalf of the site's AI services: holds that are captured or voided, one-step charges,
 * refunds of charges, and what an account's money did. Money moves only through {@link WalletService}
 * under the wallet's row lock; this service keeps who asked for what, and turns every outcome into the
 * answer the caller gets (and a retry with the same Idempotency-Key gets again).
 */
@Service
public class SpendService {

    private static final Logger log = LoggerFactory.getLogger(SpendService.class);
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,9}(\\.\\d{1,2})?");
    private static final int MAX_REFERENCE = 255;
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_METADATA = 20;
    private static final int PAGE = 50;

    private final WalletService wallets;
    private final SpendRepository records;
    private final SpendProperties settings;
    private final ApiProblems problems;
    private final Clock clock;

    private final PageReads reads;

    SpendService(
            WalletService wallets,
            SpendRepository records,
            SpendProperties settings,
            ApiProblems problems,
            Clock clock,
            PageReads reads) {
        this.reads = reads;
        this.wallets = wallets;
        this.records = records;
        this.settings = settings;
        this.problems = problems;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reading

    /**
     * A charge as its account's owner sees it.
     *
     * @param client the service (Casdoor client id) that charged
     * @param refunded how much of it was given back, zero for none
     */
    public record SpentLine(
            Instant at, String client, @Nullable String description, Money amount, Money refunded) {}

    /** The account's latest charges, newest first. */
    @Transactional(readOnly = true)
    public List<SpentLine> recentCharges(UUID accountId, int limit) {
        return reads.one(recentChargesRead(accountId, limit));
    }

    /** {@link #recentCharges}, as a part of a page that reads all it shows in one statement. */
    public PageRead<List<SpentLine>> recentChargesRead(UUID accountId, int limit) {
        return records.recentChargesRead(accountId, limit)
                .map(charges -> charges.stream()
                        .map(c -> new SpentLine(
                                c.createdAt(),
                                c.clientId(),
                                c.description(),
                                new Money(c.amount()),
                                new Money(c.refunded())))
                        .toList());
    }

    @Transactional(readOnly = true)
    Answer balance(SpendCaller caller, String account, Locale locale) {
        UUID id = readable(caller, account);
        Funds funds = wallets.funds(id);
        return Answer.ok(new BalanceView(
                id.toString(),
                SpendViews.amount(funds.balance()),
                SpendViews.amount(funds.held()),
                SpendViews.amount(funds.available()),
                Money.CURRENCY));
    }

    @Transactional(readOnly = true)
    Answer transactions(SpendCaller caller, String account, @Nullable String cursor, Locale locale) {
        UUID id = readable(caller, account);
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new SpendRefused(HttpStatus.BAD_REQUEST, "invalid_cursor", "cursor");
            }
        }
        var entries = wallets.entries(id, before, PAGE + 1);
        boolean more = entries.size() > PAGE;
        var page = more ? entries.subList(0, PAGE) : entries;
        Map<UUID, ChargeRow> charges = byId(records.charges(ids(page, EntryKind.CHARGE)), ChargeRow::id);
        Map<UUID, RefundRow> refunds = byId(records.refunds(ids(page, EntryKind.CHARGE_REFUND)), RefundRow::id);
        Map<UUID, ChargeRow> refunded = byId(
                records.charges(
                        refunds.values().stream().map(RefundRow::chargeId).toList()),
                ChargeRow::id);
        List<TransactionView> items = new ArrayList<>();
        for (var entry : page) {
            ChargeRow charge = switch (entry.kind()) {
                case CHARGE -> charges.get(uuid(entry.reference()));
                case CHARGE_REFUND -> {
                    RefundRow refund = refunds.get(uuid(entry.reference()));
                    yield refund == null ? null : refunded.get(refund.chargeId());
                }
                default -> null;
            };
            items.add(new TransactionView(
                    Long.toString(entry.id()),
                    entry.kind().name().toLowerCase(Locale.ROOT),
                    SpendViews.amount(entry.amount()),
                    SpendViews.amount(entry.balanceAfter()),
                    charge == null ? null : charge.clientId(),
                    charge == null ? null : charge.reference(),
                    charge == null ? null : charge.description(),
                    entry.at().toString()));
        }
        return Answer.ok(
                new TransactionsPage(items, more ? Long.toString(page.getLast().id()) : null));
    }

    @Transactional(readOnly = true)
    Answer hold(SpendCaller caller, UUID holdId, Locale locale) {
        require(caller, Right.READ);
        return ownHold(caller, holdId)
                .map(details -> Answer.ok(holdView(details)))
                .orElseGet(() -> notFound("hold_not_found", locale));
    }

    @Transactional(readOnly = true)
    Answer charge(SpendCaller caller, UUID chargeId, Locale locale) {
        require(caller, Right.READ);
        return records.charge(chargeId)
                .filter(c -> c.clientId().equals(caller.clientId()))
                .map(c -> Answer.ok(chargeView(c)))
                .orElseGet(() -> notFound("charge_not_found", locale));
    }

    // ------------------------------------------------------------------ spending (in the idempotency transaction)

    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SpendRefused.class)
    Answer placeHold(SpendCaller caller, HoldRequest request, Locale locale) {
        require(caller, Right.CHARGE);
        UUID account = existing(request.account());
        Money amount = amount(request.amount());
        String reference = reference(request.reference());
        long seconds = request.expiresIn() == null ? 0 : request.expiresIn();
        if (seconds <= 0 || Duration.ofSeconds(seconds).compareTo(settings.maxHoldDuration()) > 0) {
            throw new SpendRefused(
                    HttpStatus.BAD_REQUEST,
                    "invalid_expires_in",
                    "expiresIn: 1 to " + settings.maxHoldDuration().toSeconds());
        }
        UUID holdId = UUID.randomUUID();
        var taken = records.claimReference(caller.clientId(), reference, "hold", holdId);
        if (taken.isPresent()) {
            return referenceTaken(taken.get(), locale);
        }
        Spent spent = wallets.hold(account, holdId, amount, clock.instant().plusSeconds(seconds));
        if (!(spent instanceof Spent.Done)) {
            return refusal(spent, locale, true);
        }
        var details = new HoldDetails(
                holdId,
                account,
                caller.clientId(),
                reference,
                description(request.description()),
                metadata(request.metadata()),
                null);
        records.insertHold(details);
        return Answer.created(holdView(details));
    }

    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SpendRefused.class)
    Answer capture(SpendCaller caller, UUID holdId, CaptureRequest request, Locale locale) {
        require(caller, Right.CHARGE);
        Optional<HoldDetails> found = ownHold(caller, holdId);
        if (found.isEmpty()) {
            return notFound("hold_not_found", locale);
        }
        HoldDetails details = found.get();
        var hold = wallets.findHold(holdId).orElseThrow();
        Money amount = request.amount() == null ? hold.amount() : amount(request.amount());
        UUID chargeId = UUID.randomUUID();
        Spent spent = wallets.capture(holdId, amount, chargeId.toString());
        if (!(spent instanceof Spent.Done)) {
            return refusal(spent, locale, false);
        }
        var charge = new ChargeRow(
                chargeId,
                details.accountId(),
                caller.clientId(),
                details.reference(),
                holdId,
                amount.amount(),
                BigDecimal.ZERO,
                details.description(),
                details.metadata(),
                clock.instant());
        records.insertCharge(charge);
        records.holdCaptured(holdId, chargeId);
        log.info("Client {} captured {} of hold {} as charge {}", caller.clientId(), amount, holdId, chargeId);
        return Answer.created(chargeView(records.charge(chargeId).orElseThrow()));
    }

    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SpendRefused.class)
    Answer voidHold(SpendCaller caller, UUID holdId, Locale locale) {
        require(caller, Right.CHARGE);
        Optional<HoldDetails> found = ownHold(caller, holdId);
        if (found.isEmpty()) {
            return notFound("hold_not_found", locale);
        }
        Spent spent = wallets.release(holdId);
        if (!(spent instanceof Spent.Done)) {
            return refusal(spent, locale, false);
        }
        return Answer.ok(holdView(found.get()));
    }

    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SpendRefused.class)
    Answer charge(SpendCaller caller, ChargeRequest request, Locale locale) {
        require(caller, Right.CHARGE);
        UUID account = existing(request.account());
        Money amount = amount(request.amount());
        String reference = reference(request.reference());
        UUID chargeId = UUID.randomUUID();
        var taken = records.claimReference(caller.clientId(), reference, "charge", chargeId);
        if (taken.isPresent()) {
            return referenceTaken(taken.get(), locale);
        }
        Spent spent = wallets.charge(account, amount, chargeId.toString());
        if (!(spent instanceof Spent.Done)) {
            return refusal(spent, locale, true);
        }
        records.insertCharge(new ChargeRow(
                chargeId,
                account,
                caller.clientId(),
                reference,
                null,
                amount.amount(),
                BigDecimal.ZERO,
                description(request.description()),
                metadata(request.metadata()),
                clock.instant()));
        return Answer.created(chargeView(records.charge(chargeId).orElseThrow()));
    }

    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SpendRefused.class)
    Answer refund(SpendCaller caller, UUID chargeId, RefundRequest request, Locale locale) {
        require(caller, Right.REFUND);
        Optional<ChargeRow> found =
                records.lockCharge(chargeId).filter(c -> c.clientId().equals(caller.clientId()));
        if (found.isEmpty()) {
            return notFound("charge_not_found", locale);
        }
        ChargeRow charge = found.get();
        BigDecimal refundable = charge.amount().subtract(charge.refunded());
        Money amount = request.amount() == null ? new Money(refundable) : amount(request.amount());
        if (amount.amount().signum() <= 0 || amount.amount().compareTo(refundable) > 0) {
            ProblemDetail problem = problems.problem(
                    HttpStatus.CONFLICT, "refund_above_charge", locale, new Money(refundable).format(locale));
            problem.setProperty("refundable", refundable.toPlainString());
            return Answer.problem(problem);
        }
        UUID refundId = UUID.randomUUID();
        String reason =
                request.reason() == null ? null : truncate(request.reason().strip(), MAX_DESCRIPTION);
        records.insertRefund(new RefundRow(refundId, chargeId, amount.amount(), reason, clock.instant()));
        wallets.credit(charge.accountId(), amount, EntryKind.CHARGE_REFUND, refundId.toString());
        log.info("Client {} refunded {} of charge {}", caller.clientId(), amount, chargeId);
        return Answer.created(new RefundView(
                refundId.toString(),
                chargeId.toString(),
                SpendViews.amount(amount),
                reason,
                clock.instant().toString()));
    }

    // ------------------------------------------------------------------ helpers

    private UUID readable(SpendCaller caller, String account) {
        UUID id = AccountRef.parse(account).filter(wallets::exists).orElseThrow(() -> accountNotFound());
        if (caller.isPerson()) {
            if (!AccountRef.casdoorName(id).equals(caller.person())) {
                // A person reads their own account only; anyone else's does not exist for them.
                throw accountNotFound();
            }
            return id;
        }
        require(caller, Right.READ);
        return id;
    }

    private UUID existing(@Nullable String account) {
        if (account == null || account.isBlank()) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "invalid_account", "account");
        }
        return AccountRef.parse(account).filter(wallets::exists).orElseThrow(() -> accountNotFound());
    }

    private static SpendRefused accountNotFound() {
        return new SpendRefused(HttpStatus.NOT_FOUND, "account_not_found", "account");
    }

    private static void require(SpendCaller caller, Right right) {
        if (caller.isPerson() || !caller.may(right)) {
            throw new SpendRefused(HttpStatus.FORBIDDEN, "insufficient_rights", right.name());
        }
    }

    private Optional<HoldDetails> ownHold(SpendCaller caller, UUID holdId) {
        return records.hold(holdId).filter(h -> h.clientId().equals(caller.clientId()));
    }

    static Money amount(@Nullable String typed) {
        if (typed == null || !AMOUNT.matcher(typed).matches()) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "invalid_amount", "amount");
        }
        Money amount = Money.of(typed);
        if (amount.amount().signum() <= 0) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "invalid_amount", "amount");
        }
        return amount;
    }

    private static String reference(@Nullable String reference) {
        if (reference == null || reference.isBlank() || reference.length() > MAX_REFERENCE) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "invalid_reference", "reference");
        }
        return reference;
    }

    private static @Nullable String description(@Nullable String description) {
        return description == null || description.isBlank() ? null : truncate(description.strip(), MAX_DESCRIPTION);
    }

    private static Map<String, String> metadata(@Nullable Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA
                || metadata.entrySet().stream()
                        .anyMatch(e -> e.getKey() == null
                                || e.getValue() == null
                                || e.getKey().length() > 40
                                || e.getValue().length() > 500)) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "invalid_metadata", "metadata");
        }
        return Map.copyOf(metadata);
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }

    private Answer refusal(Spent spent, Locale locale, boolean onAccount) {
        return switch (spent) {
            case Spent.InsufficientFunds short_ -> {
                ProblemDetail problem = problems.problem(
                        HttpStatus.PAYMENT_REQUIRED,
                        "insufficient_funds",
                        locale,
                        short_.required().format(locale),
                        short_.available().format(locale));
                problem.setProperty("available", SpendViews.amount(short_.available()));
                problem.setProperty("required", SpendViews.amount(short_.required()));
                yield Answer.problem(problem);
            }
            case Spent.HoldNotActive notActive -> {
                ProblemDetail problem = problems.problem(
                        HttpStatus.CONFLICT,
                        "hold_not_active",
                        locale,
                        notActive.state().code());
                problem.setProperty("state", notActive.state().code());
                yield Answer.problem(problem);
            }
            case Spent.AboveHold above -> {
                ProblemDetail problem = problems.problem(
                        HttpStatus.CONFLICT,
                        "capture_above_hold",
                        locale,
                        above.held().format(locale));
                problem.setProperty("held", SpendViews.amount(above.held()));
                yield Answer.problem(problem);
            }
            case Spent.Done done -> throw new IllegalStateException("Not a refusal: " + done);
        };
    }

    private Answer referenceTaken(SpendRepository.Reference taken, Locale locale) {
        ProblemDetail problem = problems.problem(HttpStatus.CONFLICT, "reference_taken", locale);
        problem.setProperty(taken.kind() + "Id", taken.objectId().toString());
        return Answer.problem(problem);
    }

    private Answer notFound(String code, Locale locale) {
        return Answer.problem(problems.problem(HttpStatus.NOT_FOUND, code, locale));
    }

    private HoldView holdView(HoldDetails details) {
        var hold = wallets.findHold(details.holdId()).orElseThrow();
        UUID chargeId = details.chargeId();
        return new HoldView(
                hold.id().toString(),
                hold.accountId().toString(),
                SpendViews.amount(hold.amount()),
                hold.state().code(),
                hold.captured() == null ? null : SpendViews.amount(hold.captured()),
                chargeId == null ? null : chargeId.toString(),
                details.reference(),
                details.description(),
                details.metadata(),
                hold.expiresAt().toString(),
                hold.createdAt().toString());
    }

    private static ChargeView chargeView(ChargeRow charge) {
        return new ChargeView(
                charge.id().toString(),
                charge.accountId().toString(),
                charge.amount().toPlainString(),
                charge.refunded().setScale(2).toPlainString(),
                charge.holdId() == null ? null : charge.holdId().toString(),
                charge.reference(),
                charge.description(),
                charge.metadata(),
                charge.createdAt().toString());
    }

    private static List<UUID> ids(List<WalletService.Entry> entries, EntryKind kind) {
        return entries.stream()
                .filter(e -> e.kind() == kind)
                .map(e -> uuid(e.reference()))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static <T> Map<UUID, T> byId(List<T> rows, Function<T, UUID> id) {
        return rows.stream().collect(Collectors.toMap(id, Function.identity()));
    }

    private static @Nullable UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Forgets idempotency keys past their retention; they have done their job. */
    @Transactional
    int forgetOldKeys() {
        return records.forgetKeysBefore(clock.instant().minus(settings.idempotencyRetention()));
    }
}
