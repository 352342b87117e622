package lab.backpressure.support.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class UnreadableBodyTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    record Item(long id, String name) {
    }

    record Order(List<Item> items, long orderId) {
    }

    enum Colour { RED, GREEN }

    record Settings(Colour colour, Integer count, Boolean enabled) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"items\": [{\"id\": \"one\"}]}                       | items[0].id",
            "{\"items\": [{\"id\": 1}, {\"id\": 2, \"colour\": 3}]} | items[1].colour",
            "{\"items\": [7]}                                       | items[0]",
            "{\"order_id\": \"first\"}                              | order_id"})
    void namesTheFieldWithIndexesInBrackets(String body, String field) {
        assertThat(unreadable(body, Order.class).field()).isEqualTo(field);
    }

    @Test
    void namesAnItemOfATopLevelArrayByItsIndexFirst() {
        UnreadableBody unreadable = unreadable("[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": true}]",
                Item[].class);

        assertThat(unreadable.field()).isEqualTo("[3].id");
        assertThat(unreadable.detail()).isEqualTo("[3].id must be a whole number");
    }

    @Test
    void aBodyOfTheWrongShapeNamesNoField() {
        UnreadableBody notAnArray = unreadable("{\"id\": 1}", Item[].class);
        UnreadableBody notAnObject = unreadable("[1]", Order.class);

        assertThat(notAnArray).isEqualTo(new UnreadableBody(null, "the body must be a JSON array"));
        assertThat(notAnObject).isEqualTo(new UnreadableBody(null, "the body must be a JSON object"));
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnesSorted() {
        UnreadableBody unreadable = unreadable("{\"count\": 1, \"size\": 2}", Settings.class);

        assertThat(unreadable).isEqualTo(
                new UnreadableBody("size", "unknown field 'size'; known fields: [colour, count, enabled]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"colour\": \"blue\"}        | colour | colour must be one of [RED, GREEN], got 'blue'",
            "{\"count\": 99999999999}      | count  | count is out of range for a whole number",
            "{\"enabled\": \"yes\"}        | enabled | enabled must be true or false"})
    void aWrongValueIsExplainedInTheApisWords(String body, String field, String detail) {
        assertThat(unreadable(body, Settings.class)).isEqualTo(new UnreadableBody(field, detail));
    }

    @Test
    void malformedJsonQuotesAtMostAHundredCharactersOfTheBadToken() {
        UnreadableBody unreadable = unreadable("{\"count\": " + "x".repeat(3_000) + "}", Settings.class);

        assertThat(unreadable.field()).isNull();
        assertThat(unreadable.detail()).startsWith("malformed JSON: ")
                .contains("x".repeat(InvalidFieldException.MAX_QUOTED_CHARS) + "…")
                .doesNotContain("x".repeat(InvalidFieldException.MAX_QUOTED_CHARS + 1));
    }

    @Test
    void aBodyThatIsNotJsonAtAllNamesNoField() {
        HttpMessageNotReadableException empty = new HttpMessageNotReadableException("no body", null,
                new MockHttpInputMessage(new byte[0]));

        assertThat(UnreadableBody.of(empty)).isEqualTo(new UnreadableBody(null, "the body is missing or is not JSON"));
    }

    private static UnreadableBody unreadable(String body, Class<?> type) {
        JacksonException cause = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(body, type));
        return UnreadableBody.of(new HttpMessageNotReadableException("unreadable", cause,
                new MockHttpInputMessage(body.getBytes())));
    }
}
