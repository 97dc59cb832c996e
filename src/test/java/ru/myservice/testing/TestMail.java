package ru.myservice.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real SMTP server in the test JVM (GreenMail) that keeps every letter, so tests and the sandbox
 * read the codes people would find in their inbox.
 */
public final class TestMail implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    /** A sign-in code letter's subject in each language. */
    private static final List<String> CODE_SUBJECTS = List.of("Код для входа в личный кабинет", "Your sign-in code");

    private final GreenMail server;

    private TestMail(GreenMail server) {
        this.server = server;
    }

    public static TestMail start(int port) {
        var server = new GreenMail(new ServerSetup(port == 0 ? AppInstance.freePort() : port, "127.0.0.1", "smtp"));
        server.start();
        return new TestMail(server);
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    /** How the app reaches this server: plain SMTP on loopback, no login. */
    public Map<String, String> settings() {
        return Map.of(
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", Integer.toString(port()),
                "spring.mail.properties.mail.smtp.auth", "false",
                "spring.mail.properties.mail.smtp.starttls.enable", "false",
                "spring.mail.properties.mail.smtp.starttls.required", "false",
                "myservice.signin.email.from", "noreply@myservice.test");
    }

    /** A letter as the person sees it. */
    public record Letter(String to, String subject, String text, String html) {

        /** A sign-in code letter, not a notice. */
        public boolean signinCode() {
            return CODE_SUBJECTS.contains(subject);
        }

        public Optional<String> code() {
            var matcher = CODE.matcher(text);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }
    }

    public List<Letter> lettersTo(String address) {
        return Arrays.stream(server.getReceivedMessages())
                .map(TestMail::letter)
                .filter(letter -> letter.to().equalsIgnoreCase(address))
                .toList();
    }

    /**
     * The code in the newest sign-in code letter to {@code address}, waiting a little for it to arrive.
     * Notices to the same address are passed over: an account number has six digits too.
     */
    public String latestCode(String address) {
        Eventually.within(
                java.time.Duration.ofSeconds(10),
                "a sign-in code letter to " + address,
                () -> !codeLettersTo(address).isEmpty());
        return codeLettersTo(address).getLast().code().orElseThrow(() -> new AssertionError("No code in the letter"));
    }

    private List<Letter> codeLettersTo(String address) {
        return lettersTo(address).stream().filter(Letter::signinCode).toList();
    }

    public List<Letter> all() {
        return Arrays.stream(server.getReceivedMessages()).map(TestMail::letter).toList();
    }

    private static Letter letter(MimeMessage message) {
        try {
            String to = message.getAllRecipients()[0].toString();
            String text = "";
            String html = "";
            if (message.getContent() instanceof Multipart multipart) {
                for (BodyPart part : parts(multipart)) {
                    if (part.isMimeType("text/plain")) {
                        text = (String) part.getContent();
                    } else if (part.isMimeType("text/html")) {
                        html = (String) part.getContent();
                    }
                }
            } else {
                text = message.getContent().toString();
            }
            return new Letter(to, message.getSubject(), text, html);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Unreadable letter", e);
        }
    }

    private static List<BodyPart> parts(Multipart multipart) throws MessagingException, IOException {
        var all = new java.util.ArrayList<BodyPart>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                all.addAll(parts(nested));
            } else {
                all.add(part);
            }
        }
        return all;
    }

    @Override
    public void close() {
        server.stop();
    }
}
