package ru.myservice.signin;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.mail.MessagingException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
import ru.myservice.account.Provider;
import ru.myservice.config.Page;
import ru.myservice.config.SiteProperties;

/**
 * The letters we send, Russian or English, plain text and HTML: sign-in codes, and notices about
 * changes to an account. Off (and {@link #enabled()} false) when no SMTP server is configured.
 */
@Component
class EmailLetters {

    /** The site shows Moscow time, as the business runs on it; so do the letters, saying so. */
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private final @Nullable JavaMailSender mail;
    private final TemplateEngine templates;
    private final MessageSource messages;
    private final String from;
    private final String site;
    private final @Nullable String support;

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
        this.support = site.footer().supportEmail();
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

    /**
     * Tells the owner that a way to sign in was added, and what to do if it was not them.
     *
     * @throws MailException when the SMTP server cannot take the letter
     */
    void sendMethodAdded(String to, long number, Provider provider, Instant at, Locale locale) {
        var page = Page.letter(locale, messages);
        String method = page.t("provider." + provider.id());
        String moment = moment(at, page);
        var html = new StringOutput();
        templates.render(
                "mail/method-added.jte",
                Map.of(
                        "page", page,
                        "number", Long.toString(number),
                        "provider", method,
                        "moment", moment,
                        "site", site),
                html);
        String text = String.join(
                "\n\n",
                page.t("email.letter.greeting"),
                page.t("email.added.lead", Long.toString(number)) + "\n" + method,
                page.t("email.notice.when", moment),
                page.t("email.added.yours"),
                page.t("email.added.notYours"),
                site);
        send(to, page.t("email.added.subject"), text, html.toString());
    }

    /**
     * Tells the former owner, at the address the account had, that it is deleted and what is kept.
     *
     * @throws MailException when the SMTP server cannot take the letter
     */
    void sendDeleted(String to, long number, Instant at, Locale locale) {
        var page = Page.letter(locale, messages);
        String moment = moment(at, page);
        var html = new StringOutput();
        templates.render(
                "mail/account-deleted.jte",
                Map.of(
                        "page", page,
                        "number", Long.toString(number),
                        "moment", moment,
                        "site", site,
                        "support", support == null ? "" : support),
                html);
        var text = new ArrayList<String>();
        text.add(page.t("email.letter.greeting"));
        text.add(page.t("email.deleted.lead", Long.toString(number)));
        text.add(page.t("email.notice.when", moment));
        text.add(page.t("email.deleted.removed"));
        if (support != null) {
            text.add(page.t("email.deleted.notYours") + " " + support);
        }
        text.add(page.t("email.deleted.last"));
        text.add(site);
        send(to, page.t("email.deleted.subject"), String.join("\n\n", text), html.toString());
    }

    /** «30 ноября 2026 г., 11:49 (МСК)», «November 30, 2026, 11:49 (Moscow time)», as the pages write dates. */
    private static String moment(Instant at, Page page) {
        boolean english = "en".equals(page.lang());
        // No-break spaces keep «30 ноября» and «2026 г.» whole when a narrow window wraps the line.
        String pattern = english ? "MMMM\u00a0d, y, HH:mm" : "d\u00a0MMMM y\u00a0'г.', HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(page.lang()))
                        .withZone(MOSCOW)
                        .format(at)
                + " (" + page.t("email.notice.moscow") + ")";
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
