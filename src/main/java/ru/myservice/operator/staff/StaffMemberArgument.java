package ru.myservice.operator.staff;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import ru.myservice.operator.StaffMember;

/**
 * Lets a console controller take {@code StaffMember staff}: the member whose staff session the
 * request carries. The console's security lets no request without one reach a controller.
 */
final class StaffMemberArgument implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == StaffMember.class;
    }

    @Override
    public StaffMember resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof StaffAuthentication staff) {
            return staff.staff();
        }
        throw new IllegalStateException("No staff session: is the console's security chain in front of this page?");
    }
}
