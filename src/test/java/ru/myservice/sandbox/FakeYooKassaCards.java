package ru.myservice.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The test cards of a YooKassa test shop ({@code shared/contracts/yookassa.md} §7) and what the fake bank does with
 * each: the success cards pay, every decline card cancels the payment with its reason and party.
 */
final class FakeYooKassaCards {

    /** The success card without 3-D Secure, prefilled in the widget form and used by {@link FakeYooKassa#pay}. */
    static final String DEFAULT_NUMBER = "5555555555554444";

    static final List<Card> ALL = List.of(
            Card.success("5555555555554477", true),
            Card.success("5555555555554444", false),
            Card.success("4793128161644804", true),
            Card.success("4111111111111111", false),
            Card.success("2200000000000004", true),
            Card.success("2202474301322987", false),
            Card.decline("5555555555554592", "payment_network", "3d_secure_failed"),
            Card.decline("5555555555554535", "payment_network", "call_issuer"),
            Card.decline("5555555555554543", "payment_network", "card_expired"),
            Card.decline("5555555555554568", "payment_network", "fraud_suspected"),
            Card.decline("5555555555554527", "payment_network", "general_decline"),
            Card.decline("5555555555554600", "payment_network", "insufficient_funds"),
            Card.decline("5555555555554618", "payment_network", "invalid_card_number"),
            Card.decline("5555555555554626", "payment_network", "invalid_csc"),
            Card.decline("5555555555554501", "payment_network", "issuer_unavailable"),
            Card.decline("5555555555554576", "payment_network", "payment_method_limit_exceeded"),
            Card.decline("5555555555554550", "payment_network", "payment_method_restricted"),
            Card.decline("5555555555554584", "yoo_money", "country_forbidden"),
            Card.decline("5555555555554634", "yoo_money", "fraud_suspected"));

    private FakeYooKassaCards() {}

    static Optional<Card> byNumber(String number) {
        return ALL.stream().filter(c -> c.number().equals(number)).findFirst();
    }

    /** The first decline card with this party and reason, so a scripted decline carries a plausible card. */
    static Optional<Card> declining(String party, String reason) {
        return ALL.stream()
                .filter(c ->
                        !c.succeeds() && c.party().equals(party) && c.reason().equals(reason))
                .findFirst();
    }

    /** What a person reads next to a reason code in the widget. */
    static String reasonText(String reason) {
        return switch (reason) {
            case "3d_secure_failed" -> "не пройдена проверка 3-D Secure";
            case "call_issuer" -> "банк отклонил платёж, нужно позвонить в банк";
            case "card_expired" -> "истёк срок действия карты";
            case "fraud_suspected" -> "платёж заблокирован: подозрение на мошенничество";
            case "general_decline" -> "банк отклонил платёж без объяснения причин";
            case "insufficient_funds" -> "недостаточно денег на карте";
            case "invalid_card_number" -> "неправильный номер карты";
            case "invalid_csc" -> "неправильный CVC";
            case "issuer_unavailable" -> "банк, выпустивший карту, недоступен";
            case "payment_method_limit_exceeded" -> "превышен лимит платежей по карте";
            case "payment_method_restricted" -> "операции по карте запрещены";
            case "country_forbidden" -> "оплата картами этой страны запрещена";
            case "expired_on_confirmation" -> "время на оплату истекло";
            case "expired_on_capture" -> "время на подтверждение платежа истекло";
            case "canceled_by_merchant" -> "платёж отменён магазином";
            default -> reason;
        };
    }

    /** {@code party} and {@code reason} are null for a success card. */
    record Card(String number, boolean threeDSecure, String party, String reason) {

        static Card success(String number, boolean threeDSecure) {
            return new Card(number, threeDSecure, null, null);
        }

        static Card decline(String number, String party, String reason) {
            return new Card(number, false, party, reason);
        }

        boolean succeeds() {
            return reason == null;
        }

        String first6() {
            return number.substring(0, 6);
        }

        String last4() {
            return number.substring(number.length() - 4);
        }

        String cardType() {
            return switch (number.charAt(0)) {
                case '4' -> "Visa";
                case '2' -> "Mir";
                default -> "MasterCard";
            };
        }
    }
}
