package lab.backpressure.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

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

    @Test
    void aQueryParameterOfTheWrongTypeIsNamedAsTheField() throws NoSuchMethodException {
        MethodParameter parameter = new MethodParameter(
                BadInputProblemsTest.class.getDeclaredMethod("endpoint", boolean.class), 0);
        var mismatch = new MethodArgumentTypeMismatchException("maybe", boolean.class, "dry_run", parameter,
                new IllegalArgumentException("Invalid boolean value [maybe]"));

        ProblemDetail problem = new BadInputProblems().mismatchedParameter(mismatch);

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).isEqualTo("dry_run must be true or false, got 'maybe'");
        assertThat(problem.getProperties()).containsEntry("field", "dry_run");
    }

    @SuppressWarnings("unused") // the parameter above is this method's
    private static void endpoint(boolean dryRun) {
    }
}
