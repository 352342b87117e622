package lab.backpressure.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class BadInputProblemsTest {

    @Test
    void aProblemOfOneFieldNamesIt() {
        ProblemDetail problem = BadInputProblems.badRequest("production_rate", "production_rate must be above 0");

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getTitle()).isEqualTo("Invalid request");
        assertThat(problem.getDetail()).isEqualTo("production_rate must be above 0");
        assertThat(problem.getProperties()).containsEntry("field", "production_rate");
    }

    @Test
    void aProblemOfTheWholeBodyNamesNoField() {
        ProblemDetail problem = BadInputProblems.badRequest(null, "malformed JSON: ...");

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getProperties()).isNull();
    }
}
