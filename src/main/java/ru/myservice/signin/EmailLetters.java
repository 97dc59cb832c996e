package ru.myservice.signin;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.mail.MessagingException;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import ru.myservice.config.Page;
import ru.myservice.config.SiteProperties;

/** The letter with a sign-in code: Russian or English, plain text and HTML. */
class EmailLetters {

    private final JavaMailSender mail;
    private final TemplateEngine templates;
    private final MessageSource messages;
    private final String from;
    private final String site;

    EmailLetters(
            JavaMailSender mail, TemplateEngine templates, MessageSource messages, String from, SiteProperties site) {
        this.mail = mail;
        this.templates = templates;
        this.messages = messages;
        this.from = from;
        this.site = site.siteBase();
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
        var message = mail.createMimeMessage();
        try {
            var helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(page.t("email.letter.subject"));
            helper.setText(text, html.toString());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Cannot address a letter to " + to, e);
        }
        mail.send(message);
    }
}
