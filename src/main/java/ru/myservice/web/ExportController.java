package ru.myservice.web;

import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import ru.myservice.account.AccountService;
import ru.myservice.config.PersonalData;
import ru.myservice.signin.SigninMethods;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * «Скачать мои данные»: everything we keep about the signed-in person, as one JSON file, table by
 * table, gathered from every module that keeps any of it.
 */
@Controller
class ExportController {

    /** Amounts pass through exactly as the database keeps them ({@code 701.00}, never {@code 701.0}). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final List<PersonalData> modules;
    private final AccountService accounts;
    private final Clock clock;

    ExportController(List<PersonalData> modules, AccountService accounts, Clock clock) {
        this.modules = modules;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/account/export")
    ResponseEntity<byte[]> export(Authentication authentication) {
        UUID accountId = SigninMethods.accountId(authentication);
        var account = accounts.find(accountId);
        if (account.isEmpty()) {
            return ResponseEntity.status(302)
                    .header(HttpHeaders.LOCATION, "/signin")
                    .build();
        }
        ObjectNode document = JSON.createObjectNode();
        document.put("exportedAt", clock.instant().toString());
        document.put("accountNumber", account.get().number());
        ObjectNode tables = document.putObject("tables");
        var sorted = new TreeMap<String, List<String>>();
        modules.forEach(module -> sorted.putAll(module.rowsOf(accountId)));
        sorted.forEach((table, rows) -> {
            var array = tables.putArray(table);
            rows.forEach(row -> array.add(JSON.readTree(row)));
        });
        String file = "myservice-" + account.get().number() + ".json";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
    }
}
