package ru.myservice.operator;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's start: the search form (its results are the search page's), for every staff member. */
@Controller
class ConsoleController {

    @GetMapping({"/operator", "/operator/"})
    String home(StaffMember staff) {
        return "operator/home";
    }
}
