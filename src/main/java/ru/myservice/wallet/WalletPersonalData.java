package ru.myservice.wallet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/** The wallet, its ledger and its holds, for the person's data export. */
@Component
class WalletPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    WalletPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put(
                "wallets",
                PersonalData.rows(jdbc, "select to_jsonb(w)::text from wallets w where account_id = :id", accountId));
        rows.put("ledger_entries", PersonalData.rows(jdbc, """
                select to_jsonb(e)::text from ledger_entries e join wallets w on w.id = e.wallet_id
                where w.account_id = :id order by e.id
                """, accountId));
        rows.put("holds", PersonalData.rows(jdbc, """
                select to_jsonb(h)::text from holds h join wallets w on w.id = h.wallet_id
                where w.account_id = :id order by h.created_at, h.id
                """, accountId));
        return rows;
    }
}
