package ru.myservice.sandbox;

import static ru.myservice.sandbox.FakeHttp.escape;

import java.util.Map;
import java.util.Set;
import ru.myservice.sandbox.FakeProviders.Profile;
import ru.myservice.sandbox.FakeProviders.Provider;

/**
 * The pages a person sees at the fake providers. They are in Russian because the sandbox is clicked through by
 * the same people who use the real VK ID / Yandex ID consent screens, and the element ids are stable because
 * browser tests drive them.
 */
final class FakeConsentPage {

    /** Form fields the person edits; never copied from the authorize query, so a hidden field cannot shadow them. */
    static final Set<String> EDITABLE_FIELDS =
            Set.of("subject", "first_name", "last_name", "email", "email_verified", "decision");

    /** Telegram's page also edits the username (and has no email field, though email is still never copied). */
    private static final Set<String> TELEGRAM_EDITABLE_FIELDS =
            Set.of("subject", "first_name", "last_name", "username", "email", "email_verified", "decision");

    static Set<String> editableFields(Provider provider) {
        return provider == Provider.TELEGRAM ? TELEGRAM_EDITABLE_FIELDS : EDITABLE_FIELDS;
    }

    private static final String STYLE = """
            :root{color-scheme:light}
            body{margin:0;background:#f0f2f5;color:#1d2129;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:460px;margin:40px auto;background:#fff;border-radius:16px;padding:28px 32px;box-shadow:0 6px 28px rgba(0,0,0,.08)}
            header{display:flex;align-items:center;gap:12px;margin-bottom:8px}
            .logo{width:40px;height:40px;border-radius:12px;background:var(--brand);color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center}
            h1{font-size:20px;margin:0}
            .badge{font-size:12px;color:var(--brand);border:1px solid var(--brand);border-radius:999px;padding:1px 8px;margin-left:auto}
            .note{font-size:13px;color:#555;background:#f7f8fa;border-left:3px solid var(--brand);padding:8px 12px;margin:14px 0}
            .error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:10px 12px;margin:14px 0}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px;margin:14px 0;word-break:break-all}
            dt{color:#777}dd{margin:0}
            label{display:block;margin:12px 0 4px;font-size:14px;color:#444}
            label.check{display:flex;gap:8px;align-items:center}
            input[type=text]{width:100%;box-sizing:border-box;padding:9px 11px;border:1px solid #cfd4da;border-radius:8px;font-size:15px}
            input[type=text]:focus{outline:2px solid var(--brand);border-color:transparent}
            .actions{display:flex;gap:12px;margin-top:22px}
            button{flex:1;padding:11px;border:0;border-radius:8px;font-size:15px;cursor:pointer}
            #allow{background:var(--brand);color:#fff}
            #deny{background:#e6e8eb;color:#1d2129}
            """;

    private FakeConsentPage() {}

    static String consent(Provider provider, Map<String, String> oauthParams, Profile values, String problem) {
        StringBuilder page = start(provider, provider.title + " — песочница");
        page.append("<p class=\"note\">Это локальная замена ")
                .append(escape(provider.title))
                .append(" для тестов и песочницы: настоящий сервис не вызывается. Приложение получит пользователя, ")
                .append("которого вы опишете ниже, так же, как получило бы его от настоящего провайдера.</p>");
        if (problem != null) {
            page.append("<p class=\"error\" id=\"error\">")
                    .append(escape(problem))
                    .append("</p>");
        }
        page.append("<dl>");
        definition(page, "Приложение", oauthParams.get("client_id"));
        definition(page, "Вернёт на", oauthParams.get("redirect_uri"));
        definition(page, "Права", oauthParams.getOrDefault("scope", "—"));
        page.append("</dl>");

        page.append("<form method=\"post\" action=\"/")
                .append(provider.id)
                .append("/approve\" accept-charset=\"UTF-8\">");
        oauthParams.forEach((name, value) -> page.append("<input type=\"hidden\" id=\"")
                .append(escape(name))
                .append("\" name=\"")
                .append(escape(name))
                .append("\" value=\"")
                .append(escape(value))
                .append("\">"));
        textField(page, "subject", "Идентификатор пользователя в " + provider.title, values.subject());
        textField(page, "first_name", "Имя", values.firstName());
        textField(page, "last_name", "Фамилия", values.lastName());
        if (provider == Provider.TELEGRAM) {
            textField(
                    page,
                    "username",
                    "Имя пользователя в Telegram (username, можно оставить пустым)",
                    values.username());
            page.append("<p class=\"note\">Telegram никогда не сообщает адрес почты: в ID-токене его нет, ")
                    .append("а отдельного запроса данных пользователя (userinfo) у Telegram не существует.</p>");
        } else {
            textField(page, "email", "Электронная почта (можно оставить пустой)", values.email());
        }
        if (provider == Provider.GOOGLE) {
            page.append("<label class=\"check\"><input type=\"checkbox\" id=\"email_verified\" name=\"email_verified\""
                            + " value=\"true\"")
                    .append(values.emailVerified() ? " checked" : "")
                    .append(">Google подтвердил эту почту (email_verified)</label>");
        } else if (provider != Provider.TELEGRAM) {
            page.append("<p class=\"note\">")
                    .append(escape(provider.title))
                    .append(" не сообщает, подтверждена ли почта: приложение должно считать её неподтверждённой.</p>");
        }
        page.append("<div class=\"actions\">")
                // "allow" comes first: pressing Enter in a field submits with the first button.
                .append("<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Разрешить</button>")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Отмена</button>")
                .append("</div></form>");
        return finish(page);
    }

    static String error(Provider provider, String problem) {
        StringBuilder page = start(provider, "Ошибка — " + provider.title + " — песочница");
        page.append("<p class=\"error\" id=\"error\">")
                .append(escape(problem))
                .append("</p><p class=\"note\">Настоящий ")
                .append(escape(provider.title))
                .append(" в этом случае тоже показывает страницу с ошибкой и не возвращает пользователя в приложение: ")
                .append("адресу возврата из неверного запроса доверять нельзя.</p>");
        return finish(page);
    }

    static String avatarSvg(Provider provider) {
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">\
                <rect width="200" height="200" fill="%s"/>\
                <circle cx="100" cy="78" r="38" fill="#fff" opacity=".9"/>\
                <ellipse cx="100" cy="178" rx="64" ry="52" fill="#fff" opacity=".9"/></svg>""".formatted(provider.colour);
    }

    private static StringBuilder start(Provider provider, String title) {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>")
                .append(escape(title))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body style=\"--brand:")
                .append(provider.colour)
                .append("\"><main><header><div class=\"logo\">")
                .append(escape(provider.logo))
                .append("</div><h1>")
                .append(escape(provider.title))
                .append("</h1><span class=\"badge\">песочница</span></header>");
        return page;
    }

    private static String finish(StringBuilder page) {
        return page.append("</main></body></html>").toString();
    }

    private static void definition(StringBuilder page, String term, String value) {
        page.append("<dt>")
                .append(escape(term))
                .append("</dt><dd>")
                .append(escape(value))
                .append("</dd>");
    }

    private static void textField(StringBuilder page, String name, String label, String value) {
        page.append("<label for=\"")
                .append(name)
                .append("\">")
                .append(escape(label))
                .append("</label><input type=\"text\" id=\"")
                .append(name)
                .append("\" name=\"")
                .append(name)
                .append("\" value=\"")
                .append(escape(value))
                .append("\" autocomplete=\"off\">");
    }
}
