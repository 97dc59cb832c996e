package ru.myservice.operator;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.operator.AccountSearch.Field;

/**
 * The search's answer: the accounts a text names, or in words why there are none. An id that names one
 * thing (an account number, a payment's or a charge's id) goes straight to its account; a name or an
 * e-mail always lists, even a single match, so staff see what they matched before they open it.
 */
@Controller
class SearchController {

    /** Keys that name exactly one thing: a single match by one of them is the account asked for. */
    private static final Set<Field> EXACT =
            EnumSet.of(Field.ACCOUNT_NUMBER, Field.PAYMENT_ID, Field.YOOKASSA_PAYMENT_ID, Field.SPEND_ID);

    private final AccountSearch search;

    SearchController(AccountSearch search) {
        this.search = search;
    }

    @GetMapping("/operator/search")
    String search(
            StaffMember staff,
            @RequestParam(name = "q", required = false) @Nullable String q,
            Locale locale,
            Model model) {
        String query = q == null ? "" : q.strip();
        if (query.isEmpty()) {
            return "redirect:/operator";
        }
        SearchView view;
        if (query.codePointCount(0, query.length()) < 2) {
            view = new SearchView(query, List.of(), SearchView.Outcome.TOO_SHORT);
        } else {
            var found = search.find(query);
            if (found.size() == 1 && EXACT.contains(found.getFirst().matched())) {
                return "redirect:/operator/accounts/" + found.getFirst().accountId();
            }
            view = new SearchView(
                    query,
                    found,
                    found.isEmpty()
                            ? SearchView.Outcome.NONE
                            : found.size() == AccountSearch.LIMIT
                                    ? SearchView.Outcome.TOO_MANY
                                    : SearchView.Outcome.FOUND);
        }
        model.addAttribute("view", view);
        model.addAttribute("format", ConsoleFormat.in(locale));
        return "operator/search";
    }
}
