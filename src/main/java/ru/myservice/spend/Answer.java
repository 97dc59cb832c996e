package ru.myservice.spend;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What a spend call answers: a status and a body (a view record, or a problem). Refusals that are part
 * of the contract (402, 409) are answers, not exceptions, so the idempotency key keeps them too.
 */
record Answer(int status, Object body) {

    static Answer ok(Object body) {
        return new Answer(HttpStatus.OK.value(), body);
    }

    static Answer created(Object body) {
        return new Answer(HttpStatus.CREATED.value(), body);
    }

    static Answer problem(ProblemDetail problem) {
        return new Answer(problem.getStatus(), problem);
    }

    boolean isProblem() {
        return body instanceof ProblemDetail;
    }
}
