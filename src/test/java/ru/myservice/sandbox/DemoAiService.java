package ru.myservice.sandbox;

import static ru.myservice.sandbox.FakeHttp.escape;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A small AI service, as the site's real ones will be, for the sandbox: «Спросить модель» for 1,50 ₽ a
 * question. It signs in to Casdoor with its own client credentials ({@code ai-demo}), holds 3,00 ₽ of
 * the person's balance through our spend API, "streams" a canned answer, captures what the answer cost
 * and releases the rest, exactly as a real service should. Test scope only, like the other stand-ins.
 */
public final class DemoAiService implements AutoCloseable {

    public static final String CLIENT_ID = "ai-demo";
    public static final String CLIENT_SECRET = "ai-demo-secret";
    static final BigDecimal HOLD = new BigDecimal("3.00");
    static final BigDecimal PRICE = new BigDecimal("1.50");

    private static final String[] ANSWERS = {
        "Хороший вопрос! Коротко: начните с малого, проверьте гипотезу на данных и только потом масштабируйте.",
        "Если кратко — да. Но важнее, зачем вам это: сформулируйте цель, и ответ станет очевиднее.",
        "Я бы разделил задачу на три шага: понять, что уже есть, решить самое болезненное, измерить результат."
    };

    private final FakeServer server;
    private final URI casdoor;
    private final URI spendApi;
    private final URI dashboard;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token = "";
    private Instant tokenExpires = Instant.EPOCH;

    private DemoAiService(int port, URI casdoor, URI site) throws IOException {
        this.casdoor = casdoor;
        this.spendApi = site.resolve("/api/v1/");
        this.dashboard = site.resolve("/dashboard");
        this.server = FakeServer.start(port, this::dispatch);
    }

    /** Serves the demo on {@code port} (0: any free one), calling Casdoor and our site at the given addresses. */
    public static DemoAiService start(int port, URI casdoor, URI site) {
        try {
            return new DemoAiService(port, casdoor, site);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException e) {
                FakeHttp.html(
                        exchange,
                        502,
                        page(
                                "",
                                "",
                                "<p class=\"error\">Сервис не смог обратиться к личному кабинету или Casdoor: "
                                        + escape(String.valueOf(e.getMessage())) + "</p>"));
            }
        } catch (IOException e) {
            // The person's browser went away: nothing to answer to.
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/") && exchange.getRequestMethod().equals("GET")) {
            FakeHttp.html(exchange, 200, page("", "", null));
        } else if (path.equals("/ask") && exchange.getRequestMethod().equals("POST")) {
            Map<String, String> form = FakeHttp.parseUrlEncoded(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String account = form.getOrDefault("account", "").strip();
            String question = form.getOrDefault("question", "").strip();
            FakeHttp.html(exchange, 200, page(account, question, ask(account, question)));
        } else {
            FakeHttp.send(exchange, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One question: hold, answer, capture the price (the rest of the hold is released). */
    private String ask(String account, String question) {
        if (account.isEmpty() || question.isEmpty()) {
            return "<p class=\"error\">Укажите номер кабинета и вопрос.</p>";
        }
        String messageId = "demo-" + UUID.randomUUID();
        var hold = post(
                "holds",
                FakeHttp.JSON
                        .createObjectNode()
                        .put("account", account)
                        .put("amount", HOLD.toPlainString())
                        .put("expiresIn", 300)
                        .put("reference", messageId)
                        .put(
                                "description",
                                "Вопрос: " + (question.length() > 60 ? question.substring(0, 60) + "…" : question))
                        .set("metadata", FakeHttp.JSON.createObjectNode().put("model", "demo-1")));
        if (hold.statusCode() != 201) {
            JsonNode problem = FakeHttp.JSON.readTree(hold.body());
            return "<p class=\"error\" id=\"refused\">"
                    + escape(problem.path("detail").asString("Отказ: " + hold.statusCode()))
                    + (hold.statusCode() == 402 ? " <a href=\"" + dashboard + "\">Пополнить баланс</a>" : "") + "</p>";
        }
        String holdId = FakeHttp.JSON.readTree(hold.body()).path("id").asString();
        String answer = ANSWERS[Math.floorMod(question.hashCode(), ANSWERS.length)];
        var charge = post(
                "holds/" + holdId + "/capture", FakeHttp.JSON.createObjectNode().put("amount", PRICE.toPlainString()));
        if (charge.statusCode() != 201) {
            return "<p class=\"error\">Ответ готов, но списание не прошло: " + charge.statusCode() + "</p>";
        }
        var balance = get("accounts/" + FakeHttp.encode(account) + "/balance");
        String left = balance.statusCode() == 200
                ? FakeHttp.JSON.readTree(balance.body()).path("available").asString()
                : "?";
        return "<div class=\"answer\" id=\"answer\">" + escape(answer) + "</div>"
                + "<p class=\"note\" id=\"charged\">Списано "
                + PRICE.toPlainString().replace('.', ',') + " ₽ (резерв "
                + HOLD.toPlainString().replace('.', ',') + " ₽, остаток резерва возвращён). Доступно: "
                + escape(left.replace('.', ',')) + " ₽.</p>";
    }

    private HttpResponse<String> post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(spendApi.resolve(path))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(FakeHttp.JSON.writeValueAsString(body)))
                .build());
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(spendApi.resolve(path))
                .header("Authorization", "Bearer " + token())
                .GET()
                .build());
    }

    /** The service's own client-credentials token, fetched again shortly before it expires. */
    private synchronized String token() {
        if (Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String basic =
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        var response = send(HttpRequest.newBuilder(casdoor.resolve("/api/login/oauth/access_token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
        JsonNode json = FakeHttp.JSON.readTree(response.body());
        if (response.statusCode() != 200
                || json.path("access_token").asString("").isEmpty()) {
            throw new IllegalStateException("Casdoor refused the demo's credentials: " + response.body());
        }
        token = json.path("access_token").asString();
        tokenExpires =
                Instant.now().plusSeconds(Math.max(60, json.path("expires_in").asLong(3600) - 60));
        return token;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String page(String account, String question, String result) {
        return """
                <!doctype html><html lang="ru"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Спросить модель — демо-сервис</title>
                <style>
                body{margin:0;background:#f4f6fb;color:#1d2129;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
                main{max-width:560px;margin:32px auto;background:#fff;border-radius:16px;padding:24px 28px;box-shadow:0 6px 28px rgba(0,0,0,.08)}
                h1{font-size:22px;margin:0 0 4px}.muted{color:#5b6473;font-size:14px}
                label{display:block;margin:14px 0 4px;font-weight:600}
                input,textarea{width:100%%;box-sizing:border-box;padding:10px 12px;border:1px solid #cfd4da;border-radius:8px;font:inherit}
                button{margin-top:16px;padding:11px 18px;border:0;border-radius:8px;background:#2f5bea;color:#fff;font:inherit;font-weight:600;cursor:pointer}
                .answer{margin-top:20px;padding:14px 16px;background:#f2f5ff;border-radius:10px}
                .error{margin-top:16px;background:#fdecea;color:#8a1c12;border-radius:8px;padding:10px 12px}
                .note{font-size:14px;color:#36513d}
                </style></head><body><main>
                <h1>Спросить модель</h1>
                <p class="muted">Демо-сервис песочницы: 1,50 ₽ за вопрос, списывается с баланса личного кабинета.
                Номер кабинета — имя пользователя u-… на странице Casdoor (http://localhost:8000).</p>
                <form method="post" action="/ask">
                <label for="account">Номер кабинета</label>
                <input id="account" name="account" value="%s" placeholder="u-…" required>
                <label for="question">Вопрос</label>
                <textarea id="question" name="question" rows="3" required>%s</textarea>
                <button type="submit" id="ask">Спросить модель (1,50 ₽)</button>
                </form>%s
                </main></body></html>
                """.formatted(escape(account), escape(question), result == null ? "" : result);
    }
}
