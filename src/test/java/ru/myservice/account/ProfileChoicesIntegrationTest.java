package ru.myservice.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import ru.myservice.account.Account.AvatarChoice;
import ru.myservice.testing.SharedApp;

/**
 * The main e-mail among the verified addresses and the picture among the methods' ones: what a choice
 * takes, what sign-ins and linking do to it, and where unlinking leaves it.
 */
class ProfileChoicesIntegrationTest {

    private static final String NAME = "Анна Смирнова";

    private final AccountService accounts = SharedApp.app().bean(AccountService.class);

    @Test
    void aVerifiedAddressLinkedToAnAccountWithAnUnverifiedOneBecomesTheMainEmail() {
        var vk = vk(null);
        UUID id = accounts.signIn(vk).accountId();
        assertThat(account(id).emailVerified()).isFalse();

        var google = google(address("g"));
        accounts.link(id, google);

        assertThat(account(id).email()).isEqualTo(google.email());
        assertThat(account(id).emailVerified()).isTrue();
        assertThat(account(id).verifiedEmails()).containsExactly(google.email());
    }

    @Test
    void anAccountWithoutAnEmailTakesTheFirstVerifiedOneByCode() {
        UUID id = accounts.signIn(telegram()).accountId();
        assertThat(account(id).email()).isNull();

        var code = emailCode(address("code"));
        accounts.link(id, code);

        assertThat(account(id).email()).isEqualTo(code.email());
        assertThat(account(id).emailVerified()).isTrue();
    }

    @Test
    void aVerifiedMainEmailStaysWhenAnotherVerifiedAddressIsLinked() {
        var google = google(address("g"));
        UUID id = accounts.signIn(google).accountId();
        var code = emailCode(address("code"));

        accounts.link(id, code);

        assertThat(account(id).email()).isEqualTo(google.email());
        assertThat(account(id).verifiedEmails()).containsExactly(google.email(), code.email());
    }

    @Test
    void anyVerifiedAddressCanBeChosenAndNothingElse() {
        var vk = vk(null);
        UUID id = accounts.signIn(vk).accountId();
        var google = google(address("g"));
        var code = emailCode(address("code"));
        accounts.link(id, google);
        accounts.link(id, code);

        assertThat(accounts.chooseEmail(id, code.email().toUpperCase())).isTrue();
        assertThat(account(id).email()).as("kept as the method spells it").isEqualTo(code.email());
        assertThat(account(id).emailVerified()).isTrue();

        assertThat(accounts.chooseEmail(id, vk.email()))
                .as("VK's address is unverified")
                .isFalse();
        assertThat(accounts.chooseEmail(id, address("stranger"))).isFalse();
        assertThat(accounts.chooseEmail(id, "")).isFalse();
        assertThat(account(id).email()).isEqualTo(code.email());
        assertThat(accounts.activity(id, 10)).anySatisfy(line -> {
            assertThat(line.kind()).isEqualTo(Activity.Kind.EMAIL_CHOSEN);
            assertThat(line.detail()).isEqualTo(code.email());
        });

        assertThat(accounts.chooseEmail(id, google.email())).isTrue();
        assertThat(account(id).email()).isEqualTo(google.email());
    }

    @Test
    void unlinkingTheMainEmailsMethodFallsBackToAnotherVerifiedAddressThenAnUnverifiedOneThenNone() {
        var vk = vk(null);
        UUID id = accounts.signIn(vk).accountId();
        var google = google(address("g"));
        var code = emailCode(address("code"));
        accounts.link(id, google);
        accounts.link(id, code);
        assertThat(account(id).email()).isEqualTo(google.email());

        accounts.unlink(id, Provider.GOOGLE);
        assertThat(account(id).email()).isEqualTo(code.email());
        assertThat(account(id).emailVerified()).isTrue();

        accounts.unlink(id, Provider.EMAIL);
        assertThat(account(id).email()).as("VK's address, marked unverified").isEqualTo(vk.email());
        assertThat(account(id).emailVerified()).isFalse();

        UUID other = accounts.signIn(telegram()).accountId();
        accounts.link(other, google(address("g")));
        accounts.unlink(other, Provider.GOOGLE);
        assertThat(account(other).email()).isNull();
        assertThat(account(other).emailVerified()).isFalse();
    }

    @Test
    void theMainEmailStaysWhileAnotherMethodVouchesForItOrWhenAnotherMethodIsUnlinked() {
        var google = google(address("g"));
        UUID id = accounts.signIn(google).accountId();
        accounts.link(id, emailCode(google.email()));
        accounts.link(id, vk(null));

        accounts.unlink(id, Provider.VK);
        assertThat(account(id).email()).isEqualTo(google.email());
        accounts.unlink(id, Provider.GOOGLE);

        assertThat(account(id).email()).isEqualTo(google.email());
        assertThat(account(id).emailVerified()).isTrue();
    }

    @Test
    void aChosenPictureFollowsItsMethodAcrossSignInsAndNoPictureStaysNone() {
        var vk = vk(picture("vk", 1));
        UUID id = accounts.signIn(vk).accountId();
        var google = google(address("g"));
        accounts.link(id, google);
        assertThat(account(id).avatarUrl())
                .as("automatic: the first picture seen")
                .isEqualTo(picture("vk", 1));
        assertThat(account(id).shownPicture()).contains(Provider.VK);

        assertThat(accounts.chooseAvatar(id, new AvatarChoice.Picture(Provider.GOOGLE)))
                .isTrue();
        assertThat(account(id).avatarUrl()).isEqualTo(google.avatarUrl());
        accounts.signIn(withPicture(vk, picture("vk", 2)));
        assertThat(account(id).avatarUrl()).as("another method's new picture").isEqualTo(google.avatarUrl());

        accounts.chooseAvatar(id, new AvatarChoice.Picture(Provider.VK));
        assertThat(account(id).avatarUrl()).isEqualTo(picture("vk", 2));
        accounts.signIn(withPicture(vk, picture("vk", 3)));
        assertThat(account(id).avatarUrl()).as("VK moved its picture").isEqualTo(picture("vk", 3));

        assertThat(accounts.chooseAvatar(id, new AvatarChoice.Initials())).isTrue();
        accounts.signIn(withPicture(vk, picture("vk", 4)));
        assertThat(account(id).avatarUrl()).isNull();
        assertThat(account(id).avatarChoice()).isEqualTo(new AvatarChoice.Initials());
        assertThat(account(id).shownPicture()).isEmpty();
        assertThat(accounts.activity(id, 10))
                .extracting(Activity::kind)
                .contains(Activity.Kind.AVATAR_CHOSEN, Activity.Kind.AVATAR_REMOVED);
    }

    @Test
    void onlyAPictureOfALinkedMethodCanBeChosen() {
        UUID id = accounts.signIn(vk(picture("vk", 1))).accountId();
        accounts.link(id, yandexWithoutPicture());

        assertThat(accounts.chooseAvatar(id, new AvatarChoice.Picture(Provider.YANDEX)))
                .isFalse();
        assertThat(accounts.chooseAvatar(id, new AvatarChoice.Picture(Provider.GOOGLE)))
                .isFalse();
        assertThat(account(id).avatarChoice()).isNull();
        assertThat(account(id).avatarUrl()).isEqualTo(picture("vk", 1));
    }

    @Test
    void unlinkingTheChosenPicturesMethodFallsBackToAnotherPictureOrNone() {
        var vk = vk(picture("vk", 1));
        UUID id = accounts.signIn(vk).accountId();
        var google = google(address("g"));
        accounts.link(id, google);
        accounts.chooseAvatar(id, new AvatarChoice.Picture(Provider.GOOGLE));

        accounts.unlink(id, Provider.GOOGLE);

        assertThat(account(id).avatarChoice()).isNull();
        assertThat(account(id).avatarUrl()).isEqualTo(picture("vk", 1));

        UUID other = accounts.signIn(vk(picture("vk", 5))).accountId();
        accounts.link(other, emailCode(address("code")));
        accounts.chooseAvatar(other, new AvatarChoice.Picture(Provider.VK));
        accounts.unlink(other, Provider.VK);
        assertThat(account(other).avatarChoice()).isNull();
        assertThat(account(other).avatarUrl()).isNull();
    }

    @Test
    void unlinkingTheMethodWhosePictureShowsOnItsOwnShowsTheNextOne() {
        UUID id = accounts.signIn(vk(picture("vk", 1))).accountId();
        var google = google(address("g"));
        accounts.link(id, google);

        accounts.unlink(id, Provider.VK);

        assertThat(account(id).avatarUrl()).isEqualTo(google.avatarUrl());
    }

    private Account account(UUID id) {
        return accounts.find(id).orElseThrow();
    }

    private static String fresh() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
    }

    private static String address(String who) {
        return who + "-" + fresh() + "@example.ru";
    }

    private static String picture(String provider, int version) {
        return "https://" + provider + ".example/pictures/" + version + ".jpg";
    }

    private static ProviderProfile vk(@Nullable String avatar) {
        String subject = fresh();
        return new ProviderProfile(Provider.VK, subject, "vk" + subject + "@example.ru", false, NAME, avatar);
    }

    private static ProviderProfile google(String email) {
        String subject = fresh();
        return new ProviderProfile(
                Provider.GOOGLE, subject, email, true, NAME, "https://google.example/" + subject + ".jpg");
    }

    /** The same person signing in again after the provider moved their picture. */
    private static ProviderProfile withPicture(ProviderProfile profile, String avatar) {
        return new ProviderProfile(
                profile.provider(),
                profile.subject(),
                profile.email(),
                profile.emailVerified(),
                profile.displayName(),
                avatar);
    }

    private static ProviderProfile emailCode(String address) {
        return new ProviderProfile(Provider.EMAIL, address.toLowerCase(), address, true, "anna", null);
    }

    private static ProviderProfile telegram() {
        return new ProviderProfile(Provider.TELEGRAM, fresh(), null, false, NAME, null);
    }

    private static ProviderProfile yandexWithoutPicture() {
        return new ProviderProfile(Provider.YANDEX, fresh(), null, false, NAME, null);
    }
}
