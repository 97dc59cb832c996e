package ru.myservice.sandbox;

import static ru.myservice.sandbox.FakeHttp.escape;

import java.net.URI;
import java.util.Map;
import ru.myservice.sandbox.FakeTelegram.Bot;
import ru.myservice.sandbox.FakeTelegram.Person;

/**
 * What the browser gets from {@link FakeTelegram}: the {@code telegram-widget.js} script and the pages of the popup.
 * The pages are in Russian, like the sandbox's other providers, and their inputs and buttons have stable ids because
 * browser tests drive them.
 */
final class FakeTelegramWidget {

    /**
     * The widget's JavaScript API as the real {@code telegram-widget.js?22} defines it; {@code ORIGIN_LITERAL} is
     * replaced with the fake's origin. No eval, no inline handlers: it has to run under the page's CSP.
     */
    private static final String SCRIPT = """
            /* Telegram Login Widget — the local fake for tests and the sandbox. */
            (function (window) {
              'use strict';
              var ORIGIN = ORIGIN_LITERAL;
              var POLL_MS = 500;
              var pending = {};

              function auth(options, callback) {
                options = options || {};
                var botId = parseInt(options.bot_id, 10);
                if (!botId) {
                  throw new Error('Bot id required');
                }
                var width = 550;
                var height = 470;
                var left = Math.max(0, (screen.width - width) / 2) + (screen.availLeft | 0);
                var top = Math.max(0, (screen.height - height) / 2) + (screen.availTop | 0);
                var url = ORIGIN + '/auth?bot_id=' + encodeURIComponent(options.bot_id)
                    + '&origin=' + encodeURIComponent(location.origin || location.protocol + '//' + location.hostname)
                    + (options.request_access ? '&request_access=' + encodeURIComponent(options.request_access) : '')
                    + (options.lang ? '&lang=' + encodeURIComponent(options.lang) : '');

                // A second call for the same bot reuses the same named popup, so the earlier call stops listening.
                if (pending[botId]) {
                  pending[botId].abandon();
                }
                var popup = null;
                var finished = false;

                function stop() {
                  finished = true;
                  window.removeEventListener('message', onMessage);
                  if (pending[botId] === state) {
                    delete pending[botId];
                  }
                }

                function finish(result) {
                  if (finished) {
                    return;
                  }
                  stop();
                  if (typeof callback === 'function') {
                    callback(result);
                  }
                }

                function onMessage(event) {
                  if (event.origin !== ORIGIN || event.source !== popup) {
                    return;
                  }
                  var data;
                  try {
                    data = JSON.parse(event.data);
                  } catch (e) {
                    return;
                  }
                  if (data && data.event === 'auth_result') {
                    finish(data.result);
                  }
                }

                function poll() {
                  if (finished) {
                    return;
                  }
                  if (popup.closed) {
                    // The popup posts its result and closes at once; the message can still be queued behind the
                    // closed flag, so give it one more poll before reporting that the person walked away.
                    setTimeout(function () { finish(false); }, POLL_MS);
                    return;
                  }
                  setTimeout(poll, POLL_MS);
                }

                var state = { abandon: stop };
                popup = window.open(url, 'telegram_oauth_bot' + botId, 'width=' + width + ',height=' + height
                    + ',left=' + left + ',top=' + top + ',status=0,location=0,menubar=0,toolbar=0');
                // Like the real widget: when the browser blocks the popup, nothing is called back.
                if (!popup) {
                  return;
                }
                pending[botId] = state;
                window.addEventListener('message', onMessage);
                popup.focus();
                setTimeout(poll, POLL_MS);
              }

              window.Telegram = window.Telegram || {};
              window.Telegram.Login = { auth: auth, widgetsOrigin: ORIGIN };
            })(window);
            """;

    private static final String STYLE = """
            :root{color-scheme:light;--brand:#2aabee}
            body{margin:0;background:#f0f2f5;color:#1d2129;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:460px;margin:24px auto;background:#fff;border-radius:16px;padding:24px 28px;box-shadow:0 6px 28px rgba(0,0,0,.08)}
            header{display:flex;align-items:center;gap:12px;margin-bottom:8px}
            .logo{width:40px;height:40px;border-radius:50%;background:var(--brand);color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center}
            h1{font-size:20px;margin:0}
            .note{font-size:13px;color:#555;background:#f7f8fa;border-left:3px solid var(--brand);padding:8px 12px;margin:14px 0}
            .error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:10px 12px;margin:14px 0}
            label{display:block;margin:12px 0 4px;font-size:14px;color:#444}
            input[type=text]{width:100%;box-sizing:border-box;padding:9px 11px;border:1px solid #cfd4da;border-radius:8px;font-size:15px}
            input[type=text]:focus{outline:2px solid var(--brand);border-color:transparent}
            .actions{display:flex;gap:12px;margin-top:22px}
            button{flex:1;padding:11px;border:0;border-radius:8px;font-size:15px;cursor:pointer}
            #confirm{background:var(--brand);color:#fff}
            #decline{background:#e6e8eb;color:#1d2129}
            """;

    private static final String TITLE = "Telegram — песочница";

    private FakeTelegramWidget() {}

    static String script(URI origin) {
        return SCRIPT.replace("ORIGIN_LITERAL", scriptLiteral(origin.toString()));
    }

    /** The popup: {@code request} holds bot_id, origin and the optional request_access and lang, all checked. */
    static String consent(Bot bot, Map<String, String> request, Person values, String problem) {
        StringBuilder page = start();
        page.append("<p id=\"purpose\">Подтвердите вход на сайт <b>")
                .append(escape(request.get("origin")))
                .append("</b> через бота <b>")
                .append(escape(bot.name()))
                .append("</b>.</p>");
        if ("write".equals(request.get("request_access"))) {
            page.append("<p id=\"request-access\">Бот ")
                    .append(escape(bot.name()))
                    .append(" также просит разрешения присылать вам сообщения.</p>");
        }
        page.append("<p class=\"note\">Это локальная замена Telegram для тестов и песочницы: настоящий Telegram ")
                .append(
                        "не вызывается. Сайт получит пользователя, которого вы опишете ниже, с подписью токеном бота — ")
                .append("так же, как от настоящего виджета.</p>");
        if (problem != null) {
            page.append("<p class=\"error\" id=\"error\">")
                    .append(escape(problem))
                    .append("</p>");
        }
        page.append("<form method=\"post\" action=\"/auth/confirm\" accept-charset=\"UTF-8\">");
        request.forEach((name, value) -> page.append("<input type=\"hidden\" id=\"")
                .append(escape(name))
                .append("\" name=\"")
                .append(escape(name))
                .append("\" value=\"")
                .append(escape(value))
                .append("\">"));
        textField(page, "id", "Идентификатор пользователя Telegram", values.id());
        textField(page, "first_name", "Имя", values.firstName());
        textField(page, "last_name", "Фамилия (можно оставить пустой)", values.lastName());
        textField(page, "username", "Имя пользователя без @ (можно оставить пустым)", values.username());
        textField(page, "photo_url", "Адрес фотографии (можно оставить пустым)", values.photoUrl());
        page.append("<div class=\"actions\">")
                // "confirm" comes first: pressing Enter in a field submits with the first button.
                .append(
                        "<button type=\"submit\" name=\"decision\" value=\"confirm\" id=\"confirm\">Подтвердить</button>")
                .append("<button type=\"submit\" name=\"decision\" value=\"decline\" id=\"decline\">Отмена</button>")
                .append("</div></form>");
        return finish(page);
    }

    static String error(String problem) {
        StringBuilder page = start();
        page.append("<p class=\"error\" id=\"error\">")
                .append(escape(problem))
                .append("</p><p class=\"note\">Настоящий Telegram в этом случае тоже показывает в окне ошибку и ")
                .append("ничего не передаёт сайту.</p>");
        return finish(page);
    }

    /**
     * The page the popup ends on: it hands {@code result} (the signed fields, or {@code false}) to the page that
     * opened it, in the real widget's message format, and closes itself.
     */
    static String result(String origin, Object result) {
        StringBuilder page = start();
        page.append("<p id=\"status\">")
                .append(Boolean.FALSE.equals(result) ? "Вход отменён." : "Вход подтверждён.")
                .append(" Возвращаемся на сайт…</p>");
        page.append("<script>\n(function () {\n  var result = ")
                .append(scriptLiteral(result))
                .append(";\n  var origin = ")
                .append(scriptLiteral(origin))
                .append(";\n")
                .append("""
                          if (!window.opener) {
                            document.getElementById('status').textContent =
                                'Это окно открыто не виджетом, передать результат некуда. Окно можно закрыть.';
                            return;
                          }
                          window.opener.postMessage(JSON.stringify({ event: 'auth_result', result: result }), origin);
                          window.close();
                        })();
                        </script>""");
        return finish(page);
    }

    /** JSON that is also safe inside an inline {@code <script>}: it can neither end the element nor break a line. */
    private static String scriptLiteral(Object value) {
        return FakeHttp.JSON
                .writeValueAsString(value)
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    private static StringBuilder start() {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>")
                .append(TITLE)
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body><main><header><div class=\"logo\">TG</div><h1 id=\"title\">")
                .append(TITLE)
                .append("</h1></header>");
        return page;
    }

    private static String finish(StringBuilder page) {
        return page.append("</main></body></html>").toString();
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
