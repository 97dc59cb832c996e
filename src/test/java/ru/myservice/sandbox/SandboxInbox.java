package ru.myservice.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import ru.myservice.testing.TestMail;

/**
 * The sandbox's mailbox: every letter the app sent to the local SMTP server, newest first, so a
 * newcomer can sign in by e-mail code with no mail server anywhere.
 */
final class SandboxInbox implements AutoCloseable {

    private final HttpServer server;

    private SandboxInbox(HttpServer server) {
        this.server = server;
    }

    static SandboxInbox start(int port, TestMail mail) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                byte[] page = page(mail).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(page);
                }
            });
            server.start();
            return new SandboxInbox(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String page(TestMail mail) {
        var html = new StringBuilder("""
                <!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Почта песочницы</title><style>
                body{font-family:Arial,sans-serif;background:#f4f6fb;color:#1c2333;margin:0;padding:24px}
                main{max-width:760px;margin:0 auto} h1{font-size:24px}
                article{background:#fff;border:1px solid #e4e7ee;border-radius:12px;padding:16px;margin:12px 0}
                .meta{color:#667085;font-size:14px} pre{white-space:pre-wrap;font-size:15px}
                </style></head><body><main><h1>Почта песочницы</h1>
                <p class="meta">Письма, которые приложение отправило через локальный SMTP-сервер. Страница обновляется сама.</p>
                """);
        var letters = mail.all();
        if (letters.isEmpty()) {
            html.append("<p id=\"empty\">Писем пока нет.</p>");
        }
        for (int i = letters.size() - 1; i >= 0; i--) {
            var letter = letters.get(i);
            html.append("<article class=\"letter\"><p class=\"meta\">Кому: ")
                    .append(escape(letter.to()))
                    .append("</p><h2>")
                    .append(escape(letter.subject()))
                    .append("</h2><pre>")
                    .append(escape(letter.text()))
                    .append("</pre></article>");
        }
        return html.append("</main></body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
