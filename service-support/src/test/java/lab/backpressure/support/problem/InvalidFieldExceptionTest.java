package lab.backpressure.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidFieldExceptionTest {

    private static final int MAX = InvalidFieldException.MAX_QUOTED_CHARS;

    @Test
    void aShortValueIsQuotedWhole() {
        assertThat(InvalidFieldException.quote("x".repeat(MAX))).isEqualTo("x".repeat(MAX));
        assertThat(InvalidFieldException.quote(12.5)).isEqualTo("12.5");
        assertThat(InvalidFieldException.quote(null)).isEqualTo("null");
    }

    @Test
    void aLongValueIsCutToAHundredCharactersAndAnEllipsis() {
        assertThat(InvalidFieldException.quote("x".repeat(3_000_000))).isEqualTo("x".repeat(MAX) + "…");
    }

    @Test
    void theFieldMayBeNoneWhenTheBodyAsAWholeIsAtFault() {
        assertThat(new InvalidFieldException(null, "the body must be a JSON object").field()).isNull();
        assertThat(new InvalidFieldException("[3].id", "[3].id is required").field()).isEqualTo("[3].id");
    }
}
