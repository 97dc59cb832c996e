package ru.myservice.operator.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;

/** The pages of {@link GateView}: the console refused, or signed out. */
@Controller
class GateController {

    /** Only reached by a forward from the console's security, which says why; any method, as the refused one. */
    @RequestMapping(StaffGate.PAGE)
    String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!(request.getAttribute(GateView.class.getName()) instanceof GateView view)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return show(view, response, model);
    }

    @GetMapping(StaffSecurityConfiguration.SIGNED_OUT)
    String signedOut(HttpServletResponse response, Model model) {
        return show(new GateView(GateView.Kind.SIGNED_OUT, null), response, model);
    }

    private static String show(GateView view, HttpServletResponse response, Model model) {
        response.setStatus(view.kind().status());
        model.addAttribute("view", view);
        return "operator/gate";
    }
}
