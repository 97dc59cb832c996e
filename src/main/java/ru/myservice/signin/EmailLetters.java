package ru.myservice.signin;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.mail.MessagingException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import ru.myservice.config.Page;
import ru.myservice.config.SiteProperties;

/**
 * The letters we send, Russian or English, plain text and HTML: sign-in codes, and notices about
 * changes to an account. Off (and {@link #enabled()} false) when no SMTP server is configured.
 */
@Component
class EmailLetters {

    private final @Nullable JavaMailSender mail;
    private final TemplateEngine templates;
    private final MessageSource messages;
    private final String from;
    private final String site;

    EmailLetters(
            ObjectProvider<JavaMailSender> mail,
            ObjectProvider<MailProperties> mailProperties,
            TemplateEngine templates,
            MessageSource messages,
            SiteProperties site,
            EmailProperties settings) {
        this.mail = mail.getIfAvailable();
        this.templates = templates;
        this.messages = messages;
        // The sender: as configured, else the SMTP user when it is an address, else noreply at our host.
        this.from = settings.from().isBlank()
                ? mailProperties.stream()
                        .map(MailProperties::getUsername)
                        .filter(u -> u != null && u.contains("@"))
                        .findFirst()
                        .orElse("noreply@" + site.siteUrl().getHost())
                : settings.from();
        this.site = site.siteBase();
    }

    boolean enabled() {
        return mail != null;
    }

    /** @throws MailException when the SMTP server cannot take the letter */
    void sendCode(String to, String code, long minutes, Locale locale) {
        var page = Page.letter(locale, messages);
        var html = new StringOutput();
        templates.render(
                "mail/signin-code.jte",
                Map.of("page", page, "code", code, "minutes", Long.toString(minutes), "site", site),
                html);
        String text = String.join(
                "\n\n",
                page.t("email.letter.greeting"),
                page.t("email.letter.lead"),
                code,
                page.t("email.letter.validity", Long.toString(minutes)),
                page.t("email.letter.ignore"),
                site);
        send(to, page.t("email.letter.subject"), text, html.toString());
    }

    /** @throws MailException when the SMTP server cannot take the letter */
    void send(String to, String subject, String text, String html) {
        if (mail == null) {
            throw new IllegalStateException("No SMTP server is configured");
        }
        var message = mail.createMimeMessage();
        try {
            var helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(text, html);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Cannot address a letter to " + to, e);
        }
        mail.send(message);
    }
}
