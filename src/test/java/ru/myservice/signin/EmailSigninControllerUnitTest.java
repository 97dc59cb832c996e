package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailSigninControllerUnitTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "anna@example.ru",
                "first.last@mail.example.ru",
                "o'brien+news@example.com",
                "a.b.c@example-host.ru",
                "x@e.co"
            })
    void ordinaryAddressesGetACode(String address) {
        assertThat(EmailSigninController.wellFormed(address)).isTrue();
    }

    @Test
    void theLocalPartMayBeSixtyFourCharactersAndNoMore() {
        assertThat(EmailSigninController.wellFormed("a".repeat(64) + "@example.ru"))
                .isTrue();
        assertThat(EmailSigninController.wellFormed("a".repeat(65) + "@example.ru"))
                .isFalse();
        assertThat(EmailSigninController.wellFormed("a.".repeat(32) + "a@example.ru"))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ".user@example.test",
                "user.@example.test",
                "us..er@example.test",
                ".@example.ru",
                "a@b",
                "a@-b.ru",
                "a@b-.ru",
                "a@b..ru",
                "a b@example.ru",
                "\"a\"@example.ru",
                "иван@пример.рф",
                ""
            })
    void addressesNoMailServerWouldTakeAreRefused(String address) {
        assertThat(EmailSigninController.wellFormed(address)).isFalse();
    }
}
